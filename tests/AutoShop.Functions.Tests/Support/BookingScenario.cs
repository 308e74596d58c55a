using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.SelfService;
using AutoShop.Functions.Shops;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Support;

/// <summary>Seeds the demo shops and books through the public API, as a customer would.</summary>
public static class BookingScenario
{
    public static async Task SeedAsync(AutoShopApp app) =>
        await DemoSeeder.SeedAsync(app.Services.GetRequiredService<IShopStore>(),
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-seed.json")), CancellationToken.None);

    public static object Body(string start, string service = "oil-change", string email = "ana@example.com", string shop = "queens-blvd") => new
    {
        shopId = shop,
        customer = new { name = "Ana Diaz", email, phone = "(212) 555-0142", emailOptIn = true, smsOptIn = false, preferredChannels = new[] { "email" }, language = "en" },
        vehicle = new { make = "Toyota", model = "Corolla", year = 2019, plate = "ABC123" },
        services = new[] { service },
        start,
        source = "web",
    };

    public static async Task<JsonElement> BookAsync(AutoShopApp app, string start, string service = "oil-change", string email = "ana@example.com")
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/appointments", Body(start, service, email));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"Booking failed: {(int)response.StatusCode} {body}");
        return body;
    }

    public static async Task<string> ManageTokenAsync(AutoShopApp app, string appointmentId)
    {
        var stored = await app.Services.GetRequiredService<IScheduleStore>().FindAsync(AppointmentId.Parse(appointmentId), CancellationToken.None);
        return app.Services.GetRequiredService<ManageLinks>().Token(stored!.Appointment);
    }

    public static async Task<Appointment> LoadAsync(AutoShopApp app, string appointmentId) =>
        (await app.Services.GetRequiredService<IScheduleStore>().FindAsync(AppointmentId.Parse(appointmentId), CancellationToken.None))!.Appointment;
}
