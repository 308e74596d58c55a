using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Events;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.JobCards;

/// <summary>
/// The app on its own Azurite account with the demo shops, a clock on Monday 30 November 2026 12:00 UTC
/// and the stock each test asks for, plus helpers to book, read job cards and stock, and post events.
/// </summary>
internal sealed class PreworkHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    private PreworkHarness(AutoShopApp app, HttpClient staff, StorageProbe probe, string connectionString)
    {
        ConnectionString = connectionString;
        App = app;
        Staff = staff;
        Probe = probe;
    }

    public string ConnectionString { get; }
    public AutoShopApp App { get; }
    public HttpClient Staff { get; }
    public StorageProbe Probe { get; }

    /// <summary>Stock rows: (shop, sku, on hand, lead time in days).</summary>
    public static async Task<PreworkHarness> StartAsync(IEnumerable<(string Shop, string Sku, int OnHand, int LeadDays)> stock,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var connection = TestStorage.NewAccount();
        var app = new AutoShopApp(connection) { Clock = new FakeTimeProvider(Now), ConfigureTestServices = services };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) app.Settings[key] = value;
        var staff = app.CreateStaffClient();
        var ct = TestContext.Current.CancellationToken;
        await app.Services.GetRequiredService<StorageProvisioner>().Ready.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await DemoSeeder.SeedAsync(app.Services.GetRequiredService<IShopStore>(),
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-seed.json"), ct), ct);
        var inventory = new
        {
            inventory = stock.GroupBy(s => s.Shop).Select(g => new
            {
                shopId = g.Key,
                parts = g.Select(s => new { sku = s.Sku, description = s.Sku, onHand = s.OnHand, reorderPoint = 1, supplier = "Test Supply", leadTimeDays = s.LeadDays }),
            }),
        };
        await InventorySeeder.SeedAsync(app.Services.GetRequiredService<TableInventoryStore>(), JsonSerializer.Serialize(inventory, Json), ct);
        return new PreworkHarness(app, staff, new StorageProbe(connection), connection);
    }

    public async Task<AppointmentDto> BookAsync(string start, params string[] services)
    {
        using var response = await Staff.PostAsJsonAsync("/api/appointments", new
        {
            shopId = "queens-blvd",
            customer = new { name = "Pat Doe", email = $"pat.{Guid.NewGuid():N}@example.com", emailOptIn = true, preferredChannels = new[] { "email" } },
            vehicle = new { make = "Honda", model = "Civic", year = 2019 },
            services,
            start,
            source = "web",
        }, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<AppointmentDto>(Json, TestContext.Current.CancellationToken))!;
    }

    /// <summary>Polls the job card until <paramref name="done"/> holds (parts checked by default).</summary>
    public Task<JobCardDto> JobCardAsync(string appointmentId, Func<JobCardDto, bool>? done = null) =>
        Eventually.Until(async () =>
        {
            using var response = await Staff.GetAsync($"/api/appointments/{appointmentId}/job-card", TestContext.Current.CancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JobCardDto>(Json, TestContext.Current.CancellationToken) : null;
        }, card => card is not null && (done ?? (c => c.Readiness != "pending"))(card), because: $"job card of {appointmentId}")!;

    public async Task<StockDto> StockAsync(string sku)
    {
        var all = await Staff.GetFromJsonAsync<List<StockDto>>("/api/shops/queens-blvd/inventory", Json, TestContext.Current.CancellationToken);
        return all!.Single(s => s.Sku == sku);
    }

    public async Task<List<ProcurementRequestDto>> ProcurementAsync(string? status = null) =>
        (await Staff.GetFromJsonAsync<List<ProcurementRequestDto>>($"/api/shops/queens-blvd/procurement-requests{(status is null ? "" : "?status=" + status)}",
            Json, TestContext.Current.CancellationToken))!;

    /// <summary>Reservation rows the inventory holds for one job card.</summary>
    public async Task<List<(string Sku, int Reserved)>> ReservationsAsync(string appointmentId)
    {
        var rows = new List<(string, int)>();
        await foreach (var row in Probe.Table(TableInventoryStore.TableName).QueryAsync<Azure.Data.Tables.TableEntity>(
            e => e.PartitionKey == "queens-blvd", cancellationToken: TestContext.Current.CancellationToken))
        {
            if (row.RowKey.StartsWith($"resv|{appointmentId}|", StringComparison.Ordinal)) rows.Add((row.GetString("Sku"), row.GetInt32("Reserved") ?? 0));
        }
        return rows;
    }

    /// <summary>Puts an appointment event straight on the job cards' queue, as the fan-out would.</summary>
    public Task EnqueueAsync(CloudEvent cloudEvent) =>
        Probe.Queue(PrepareJobCards.Queue).SendMessageAsync(cloudEvent.ToJson(), TestContext.Current.CancellationToken);

    public static CloudEvent Event(AppointmentDto appointment, string type, string change) => CloudEvent.Create(
        $"{appointment.Id}.v{appointment.Version}", $"/shops/{appointment.ShopId}", type, $"appointments/{appointment.Id}", Now, "test-correlation",
        JsonSerializer.SerializeToElement(new AppointmentEventData(change, appointment, new ActorDto("staff", "test-staff"),
            change == "booked" ? null : "customer-request", null, null), BookingJsonContext.Default.AppointmentEventData));

    /// <summary>The appointment moved to another New York local time, technician and bay, one version on.</summary>
    public static AppointmentDto Rescheduled(AppointmentDto a, string localStart, int minutes, string technician, string bay)
    {
        var local = DateTimeOffset.Parse(localStart + "-05:00", CultureInfo.InvariantCulture);
        ShopTime At(DateTimeOffset t) => new(t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return a with { Version = a.Version + 1, Start = At(local), End = At(local.AddMinutes(minutes)), TechnicianId = technician, BayId = bay, RescheduleCount = a.RescheduleCount + 1 };
    }

    public async ValueTask DisposeAsync()
    {
        Staff.Dispose();
        await App.DisposeAsync();
    }
}
