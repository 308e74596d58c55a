using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Storage;
using AutoShop.Testing;
using AutoShop.Testing.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Browser.Tests;

/// <summary>
/// The real app on a Kestrel loopback port (WebApplicationFactory + UseKestrel) over its own Azurite,
/// with the demo shops and a few appointments booked and cancelled through the API on a fake clock
/// (Mon 23 Nov 2026, 09:00 in New York).
/// </summary>
public sealed class DashboardSite : IAsyncLifetime
{
    public const string StaffKey = "browser-test-staff-key-0123456789";
    private readonly AzuriteServer azurite = new();
    private App? app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Staff { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await azurite.StartAsync(TestContext.Current.CancellationToken);
        var port = LoopbackPorts.GetFree(1)[0];
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        app = new App(azurite.ConnectionString, BaseAddress.ToString());
        app.UseKestrel(port);
        app.StartServer();
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
        await DemoSeeder.SeedAsync(app.Services.GetRequiredService<IShopStore>(),
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-seed.json")), TestContext.Current.CancellationToken);

        Staff = new HttpClient { BaseAddress = BaseAddress };
        Staff.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        var ids = new List<string>();
        foreach (var (start, service) in new[] { ("2026-11-24T09:00", "oil-change"), ("2026-11-24T13:00", "tire-rotation"), ("2026-11-25T10:00", "oil-change"), ("2026-11-27T11:00", "brake-pads-front") })
            ids.Add(await BookAsync(start, service));
        await CancelAsync(ids[1], "customer-request");
        await CancelAsync(ids[2], "parts-unavailable");
    }

    public async ValueTask DisposeAsync()
    {
        Staff?.Dispose();
        if (app is not null) await app.DisposeAsync();
        await azurite.DisposeAsync();
    }

    private async Task<string> BookAsync(string start, string service)
    {
        var response = await Staff.PostAsJsonAsync("/api/appointments", new
        {
            shopId = "queens-blvd",
            customer = new { name = "Ana Díaz", email = "ana@example.com", emailOptIn = true, smsOptIn = false, preferredChannels = new[] { "email" }, language = "es" },
            vehicle = new { plate = "XYZ 987", make = "Toyota", model = "Corolla", year = 2021 },
            services = new[] { service },
            start,
            source = "phone",
        }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Booking {start} failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task CancelAsync(string id, string reason)
    {
        var response = await Staff.PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reasonCode = reason }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private sealed class App(string storage, string url) : WebApplicationFactory<AutoShop.LocalHost.Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            KestrelApp.ConfigureBrowserApp(builder, storage, url, StaffKey, new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero)));
            builder.UseSetting("Reporting:DashboardSigningKey", "browser-test-dashboard-signing-key-0123456789");
        }
    }
}
