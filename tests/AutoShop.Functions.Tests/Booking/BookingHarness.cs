using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoShop.Functions.Events;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>
/// The real app (one or more instances) on one storage account with the demo shops seeded and a
/// fixed clock; a subscriber queue receives a copy of every appointment event through the fan-out.
/// </summary>
public sealed class BookingHarness : IAsyncDisposable
{
    /// <summary>A Tuesday, 07:00 in New York: the default "now" of booking tests.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public const string EventsQueue = "test-appointment-events";

    private readonly List<AutoShopApp> instances = [];
    private readonly Dictionary<string, List<CloudEvent>> received = [];
    private readonly Action<IServiceCollection>? configure;

    private BookingHarness(string storage, FakeTimeProvider clock, Action<IServiceCollection>? configure)
    {
        Storage = storage;
        Clock = clock;
        Probe = new StorageProbe(storage);
        this.configure = configure;
    }

    public string Storage { get; }

    private IReadOnlyDictionary<string, string?> settings = new Dictionary<string, string?>();

    public FakeTimeProvider Clock { get; }

    public StorageProbe Probe { get; }

    public AutoShopApp App => instances[0];

    public IReadOnlyList<AutoShopApp> Instances => instances;

    public TableClient Schedule => Probe.Table(TableNames.Schedule);

    public static string DemoSeed => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-seed.json"));

    /// <param name="seed">A seed document (the demo seed unless given).</param>
    /// <param name="settings">App settings for every instance (e.g. <c>AzureWebJobs:{function}:Disabled</c>).</param>
    public static async Task<BookingHarness> StartAsync(
        DateTimeOffset? now = null, string? storage = null, Action<IServiceCollection>? configure = null, string? seed = null, int instances = 1,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var harness = new BookingHarness(storage ?? TestStorage.NewAccount(), new FakeTimeProvider(now ?? DefaultNow), configure) { settings = settings ?? new Dictionary<string, string?>() };
        for (var i = 0; i < instances; i++) await harness.AddInstanceAsync();
        await DemoSeeder.SeedAsync(harness.App.Services.GetRequiredService<IShopStore>(), seed ?? DemoSeed, TestContext.Current.CancellationToken);
        return harness;
    }

    /// <summary>Another instance of the app on the same account and clock, as a scale-out would add.</summary>
    public async Task<AutoShopApp> AddInstanceAsync()
    {
        var app = new AutoShopApp(Storage)
        {
            Clock = Clock,
            ConfigureTestServices = s =>
            {
                s.AddEventSubscription(EventsQueue);
                configure?.Invoke(s);
            },
        };
        foreach (var (key, value) in settings) app.Settings[key] = value;
        instances.Add(app);
        await app.Services.GetRequiredService<StorageProvisioner>().Ready.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return app;
    }

    public static async Task<HttpResponseMessage> BookAsync(HttpClient client, JsonObject body, string? idempotencyKey = null, string? correlationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/appointments") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (correlationId is not null) request.Headers.Add("X-Correlation-Id", correlationId);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Books and insists on 201; returns the appointment as answered.</summary>
    public async Task<JsonElement> BookOkAsync(JsonObject body, HttpClient? client = null)
    {
        using var own = client is null ? App.CreateClient() : null;
        using var response = await BookAsync(client ?? own!, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every row of the schedule table: appointments, claims, version guards, audit and outbox rows.</summary>
    public async Task<List<TableEntity>> ScheduleRowsAsync(string? partition = null)
    {
        var rows = new List<TableEntity>();
        var filter = partition is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var row in Schedule.QueryAsync<TableEntity>(filter, cancellationToken: TestContext.Current.CancellationToken)) rows.Add(row);
        return rows;
    }

    public static List<TableEntity> WithPrefix(IEnumerable<TableEntity> rows, string prefix) =>
        [.. rows.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>
    /// Every event that reached <paramref name="queueName"/> (the test's subscriber queue unless given)
    /// so far. Messages are received and deleted, so the harness keeps what it saw: call it repeatedly
    /// while polling.
    /// </summary>
    public async Task<IReadOnlyList<CloudEvent>> EventsAsync(string queueName = EventsQueue)
    {
        var queue = Probe.Queue(queueName);
        var seen = received.TryGetValue(queueName, out var list) ? list : received[queueName] = [];
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken)).Value;
            if (batch.Length == 0) return [.. seen];
            foreach (var message in batch)
            {
                seen.Add(CloudEvent.Parse(message.Body.ToString()));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, TestContext.Current.CancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in instances) await app.DisposeAsync();
    }
}
