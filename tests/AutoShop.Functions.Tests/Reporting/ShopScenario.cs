using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Reporting;

/// <summary>
/// The app on its own Azurite account with the demo shops and a fake clock; books and changes
/// appointments through the real API, so reporting reads exactly what booking stores.
/// </summary>
internal sealed class ShopScenario : IAsyncDisposable
{
    public const string NewYork = "queens-blvd";

    private ShopScenario(AutoShopApp app, FakeTimeProvider clock, string storage)
    {
        App = app;
        Clock = clock;
        Storage = storage;
        Staff = app.CreateStaffClient();
        Probe = new StorageProbe(storage);
    }

    public AutoShopApp App { get; }
    public FakeTimeProvider Clock { get; }
    public string Storage { get; }
    public HttpClient Staff { get; }
    public StorageProbe Probe { get; }

    public static async Task<ShopScenario> StartAsync(DateTimeOffset now, Action<AutoShopApp>? configure = null, Action<IServiceCollection>? services = null)
    {
        var storage = TestStorage.NewAccount();
        var clock = new FakeTimeProvider(now);
        var app = new AutoShopApp(storage) { Clock = clock, ConfigureTestServices = services };
        configure?.Invoke(app);
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
        await DemoSeeder.SeedAsync(app.Services.GetRequiredService<IShopStore>(),
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-seed.json")), TestContext.Current.CancellationToken);
        return new ShopScenario(app, clock, storage);
    }

    /// <summary>Books one service at a shop-local start and returns the appointment id.</summary>
    public async Task<string> BookAsync(string localStart, string service = "oil-change", string name = "Jane Doe", string? notes = null, string shop = NewYork)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/appointments", new
        {
            shopId = shop,
            customer = new { name, email = "jane@example.com", emailOptIn = true, smsOptIn = false, preferredChannels = new[] { "email" }, language = "en" },
            vehicle = new { plate = "ABC 123", make = "Honda", model = "Civic", year = 2019 },
            services = new[] { service },
            start = localStart,
            notes,
            source = "web",
        }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"booking {localStart} failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>A staff transition: <c>cancel</c>, <c>no-show</c>, <c>check-in</c>, <c>complete</c>.</summary>
    public async Task ChangeAsync(string appointmentId, string change, string? reasonCode = null)
    {
        var response = await Staff.PostAsJsonAsync($"/api/appointments/{appointmentId}/{change}", new { reasonCode }, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{change} failed: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    /// <summary>Waits (bounded) until the shop's ledger holds <paramref name="links"/> links.</summary>
    public Task WaitForLedgerAsync(int links, string shop = NewYork) =>
        Eventually.Until(async () => (await App.Services.GetRequiredService<TableAuditLedger>()
                .VerifyAsync(AutoShop.Domain.Booking.ShopId.Parse(shop), null, null, TestContext.Current.CancellationToken)).HeadSequence,
            head => head >= links, because: $"{links} schedule changes chained");

    public async ValueTask DisposeAsync()
    {
        Staff.Dispose();
        await App.DisposeAsync();
    }
}
