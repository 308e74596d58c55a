using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Notifications.Sms;
using AutoShop.Functions.SelfService;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using AutoShop.Testing.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>
/// The app in standalone mode on its own Azurite account with the demo shops, a fake clock and a
/// small real timer hop (<c>Notifications:MaxRealDelay</c>), so delayed queue messages come back
/// quickly and are judged against the fake clock. Customers get unique addresses, so parallel
/// tests can share MailDev.
/// </summary>
public sealed class NotificationHarness : IAsyncDisposable
{
    /// <summary>Tuesday 24 November 2026, 07:00 in New York.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public const string Shop = "queens-blvd";
    public const string WebhookKey = "test-inbound-sms-webhook-key";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private NotificationHarness(AutoShopApp app, FakeTimeProvider clock, string storage)
    {
        App = app;
        Clock = clock;
        Storage = storage;
        Probe = new StorageProbe(storage);
        Staff = app.CreateStaffClient();
    }

    /// <summary>The connection string of this harness's own storage account (another app instance may share it).</summary>
    public string Storage { get; }

    public AutoShopApp App { get; }
    public FakeTimeProvider Clock { get; }
    public StorageProbe Probe { get; }
    public HttpClient Staff { get; }
    public static MailDevClient Mail => TestStorage.Services.MailDev.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<NotificationHarness> StartAsync(DateTimeOffset? now = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, string? storage = null)
    {
        storage ??= TestStorage.NewAccount();
        var clock = new FakeTimeProvider(now ?? DefaultNow);
        var app = new AutoShopApp(storage) { Clock = clock, ConfigureTestServices = services };
        app.Settings["Notifications:MaxRealDelay"] = "00:00:00.200";
        app.Settings["Notifications:RetryDelay"] = "00:00:00.020";
        app.Settings["Sms:InboundWebhookKey"] = WebhookKey;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) app.Settings[key] = value;
        await app.Services.GetRequiredService<StorageProvisioner>().Ready.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await DemoSeeder.SeedAsync(app.Services.GetRequiredService<IShopStore>(),
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-seed.json")), Ct);
        return new NotificationHarness(app, clock, storage);
    }

    public static string NewEmail() => $"n{Guid.NewGuid():N}@example.com";

    /// <summary>Books an oil change at a New York shop-local start, e.g. <c>2026-11-25T09:00</c>; returns the appointment id.</summary>
    public async Task<string> BookAsync(string start, string? email, string? phone = "+12125550123", bool emailOptIn = true, bool smsOptIn = true,
        string[]? preferred = null, string language = "en")
    {
        var body = new JsonObject
        {
            ["shopId"] = Shop,
            ["customer"] = new JsonObject
            {
                ["name"] = "Rosa Diaz",
                ["email"] = email,
                ["phone"] = phone,
                ["emailOptIn"] = emailOptIn,
                ["smsOptIn"] = smsOptIn,
                ["preferredChannels"] = new JsonArray([.. (preferred ?? []).Select(p => (JsonNode?)p)]),
                ["language"] = language,
            },
            ["vehicle"] = new JsonObject { ["plate"] = "NYC-4821", ["make"] = "Honda", ["model"] = "Civic", ["year"] = 2019 },
            ["services"] = new JsonArray("oil-change"),
            ["start"] = start,
            ["source"] = "web",
        };
        using var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/appointments", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"booking failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    public async Task RescheduleAsync(string appointmentId, string start)
    {
        var response = await Staff.PostAsJsonAsync($"/api/appointments/{appointmentId}/reschedule", new { start, reasonCode = "customer-request" }, Ct);
        Assert.True(response.IsSuccessStatusCode, $"reschedule failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }

    public async Task<string> ManageTokenAsync(string appointmentId)
    {
        var stored = await App.Services.GetRequiredService<IScheduleStore>().FindAsync(AppointmentId.Parse(appointmentId), Ct);
        return App.Services.GetRequiredService<ManageLinks>().Token(stored!.Appointment);
    }

    public async Task<DeliveryReport> DeliveriesAsync(string appointmentId) =>
        (await Staff.GetFromJsonAsync<DeliveryReport>($"/api/appointments/{appointmentId}/deliveries", Json, Ct))!;

    /// <summary>Polls the delivery log until <paramref name="done"/> holds (bounded).</summary>
    public Task<DeliveryReport> DeliveriesUntilAsync(string appointmentId, Func<DeliveryReport, bool> done, string because) =>
        Eventually.Until(() => DeliveriesAsync(appointmentId), done, TimeSpan.FromSeconds(30), because);

    public static bool Has(DeliveryReport report, string kind, string channel, string outcome, string? label = null, int? version = null) =>
        report.Entries.Any(e => e.Kind == kind && e.Channel == channel && e.Outcome == outcome && (label is null || e.Label == label) && (version is null || e.Version == version));

    public async Task<IReadOnlyList<OutboxSms>> SmsToAsync(string phone) =>
        (await Staff.GetFromJsonAsync<List<OutboxSms>>($"/api/ops/sms-outbox?to={Uri.EscapeDataString(phone)}", Json, Ct))!;

    public Task<IReadOnlyList<OutboxSms>> SmsUntilAsync(string phone, Func<IReadOnlyList<OutboxSms>, bool> done, string because) =>
        Eventually.Until(() => SmsToAsync(phone), done, TimeSpan.FromSeconds(30), because);

    public static Task<IReadOnlyList<MailDevEmail>> EmailsAsync(string to, string subjectStart, int count = 1) =>
        Mail.WaitForEmailsAsync(e => e.IsTo(to) && e.Subject.StartsWith(subjectStart, StringComparison.Ordinal), count, TimeSpan.FromSeconds(30), Ct);

    public static async Task<IReadOnlyList<MailDevEmail>> AllEmailsToAsync(string to) =>
        [.. (await Mail.ListEmailsAsync(Ct)).Where(e => e.IsTo(to))];

    /// <summary>
    /// An Event Grid delivery of one ACS SMSReceived event. Posting the same object twice is a
    /// redelivery: the event and ACS message ids stay the same.
    /// </summary>
    public static object SmsReceived(string text, DateTimeOffset at, string from = "12125550123") => new[]
    {
        new
        {
            id = Guid.NewGuid().ToString(),
            topic = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/CommunicationServices/z",
            subject = "/phonenumber/" + from,
            eventType = "Microsoft.Communication.SMSReceived",
            dataVersion = "1.0",
            metadataVersion = "1",
            eventTime = at.ToString("o"),
            data = new { MessageId = "Incoming_" + Guid.NewGuid().ToString("N"), From = from, To = "18005550100", Message = text, ReceivedTimestamp = at.ToString("o") },
        },
    };

    /// <summary>Posts an Event Grid delivery to the inbound SMS webhook with the right key (or <paramref name="key"/>).</summary>
    public async Task<HttpResponseMessage> PostInboundAsync(object body, string key = WebhookKey)
    {
        using var client = App.CreateClient();
        return await client.PostAsJsonAsync($"/api/sms/inbound?code={Uri.EscapeDataString(key)}", body, Ct);
    }

    /// <summary>Moves business time to an instant (never backwards).</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        var delta = instant - Clock.GetUtcNow();
        if (delta > TimeSpan.Zero) Clock.Advance(delta);
    }

    public async ValueTask DisposeAsync()
    {
        Staff.Dispose();
        await App.DisposeAsync();
    }
}
