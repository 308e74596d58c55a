using System.Text;
using System.Text.Json;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Approvals;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.Events;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.LocalHost.Queues;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace AutoShop.Functions.Tests.Hosting;

/// <summary>
/// The app's own consumers in standalone mode, on every queue the app reads: a body a consumer cannot
/// read (not base64, or not the JSON it expects) goes to the queue's poison queue at its first delivery,
/// exactly as it came, with the reason logged, and the queue's consumer goes on with the next message.
/// </summary>
public sealed class UnreadableMessageTests : IAsyncLifetime
{
    private readonly string storage = TestStorage.NewAccount();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly LogCapture logs = new();
    private AutoShopApp app = null!;
    private StorageProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        probe = new StorageProbe(storage);
        app = new AutoShopApp(storage) { Clock = clock, ConfigureTestServices = s => s.AddSingleton<ILoggerProvider>(logs) };
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private List<(string Function, string Queue)> AppQueues() =>
        [.. app.Services.GetRequiredService<FunctionCatalog>().Of<QueueFunctionTrigger>().Select(f => (f.Name, ((QueueFunctionTrigger)f.Trigger).QueueName))];

    [Fact]
    public async Task A_body_that_is_not_base64_goes_to_the_poison_queue_of_every_queue_and_the_next_message_is_handled()
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = AppQueues();
        Assert.True(queues.Count >= 7, $"the app reads {queues.Count} queues");

        var garbage = queues.ToDictionary(q => q.Queue, q => $"not base64 <{q.Queue}> & \"ü\" {{");
        foreach (var (_, queue) in queues) await probe.RawQueue(queue).SendMessageAsync(garbage[queue], ct);
        var valid = new Dictionary<string, string>();
        foreach (var (_, queue) in queues) valid[queue] = (await probe.Queue(queue).SendMessageAsync(ValidMessage(queue), ct)).Value.MessageId;

        foreach (var (function, queue) in queues)
        {
            var poisoned = await Eventually.Until(() => probe.PeekRawAsync(queue + "-poison"), m => m.Count > 0, because: $"{queue}'s garbage is poisoned");
            Assert.Equal(garbage[queue], Assert.Single(poisoned).Body.ToString());
            Assert.True(poisoned[0].ExpiresOn > clock.GetUtcNow().AddYears(1), "a poisoned message never expires before staff see it");
            await Eventually.Until(() => Executed(function, valid[queue]), because: $"{function} handles the valid message after the garbage on {queue}");
        }
        foreach (var (_, queue) in queues)
            Assert.Contains(logs.Entries, e => e.Category == typeof(QueueListener).FullName && e.Level == LogLevel.Error
                && e.Value("QueueName") == queue && e.Message.Contains("not base64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_base64_body_whose_json_is_broken_is_poisoned_at_its_first_delivery_on_every_queue()
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = AppQueues();
        var broken = queues.ToDictionary(q => q.Queue, q => $$"""{"specversion":"1.0","id":"broken-{{q.Queue}}","type":""");
        var ids = new Dictionary<string, string>();
        foreach (var (_, queue) in queues) ids[queue] = (await probe.Queue(queue).SendMessageAsync(broken[queue], ct)).Value.MessageId;
        var valid = new Dictionary<string, string>();
        foreach (var (_, queue) in queues) valid[queue] = (await probe.Queue(queue).SendMessageAsync(ValidMessage(queue), ct)).Value.MessageId;

        foreach (var (function, queue) in queues)
        {
            var poisoned = await Eventually.Until(() => probe.PeekRawAsync(queue + "-poison"), m => m.Count > 0, because: $"{queue}'s broken JSON is poisoned");
            // Exactly the body the producer wrote: base64 of the broken JSON.
            Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(broken[queue])), Assert.Single(poisoned).Body.ToString());
            var moved = Assert.Single(logs.Entries, e => e.Category == typeof(QueueListener).FullName && e.Value("MessageId") == ids[queue] && e.Level == LogLevel.Error);
            Assert.Equal("1", moved.Value("DequeueCount"));
            Assert.Contains("JSON", moved.Value("Reason"), StringComparison.Ordinal);
            await Eventually.Until(() => Executed(function, valid[queue]), because: $"{function} handles the valid message after the broken one on {queue}");
        }
    }

    private bool Executed(string function, string messageId) =>
        logs.Entries.Any(e => e.Message.StartsWith("Executed " + function + " ", StringComparison.Ordinal) && e.Value("MessageId") == messageId);

    /// <summary>A message each consumer reads and completes without any shop data: a no-op for it.</summary>
    private string ValidMessage(string queue) => queue switch
    {
        ExpireApprovals.Queue => JsonSerializer.Serialize(new ExpiryMessage("req-unknown", "2026-11-01T00:00:00Z"), ApprovalJsonContext.Default.ExpiryMessage),
        NotificationTimers.Queue => JsonSerializer.Serialize(
            TimerMessage.From(new Notice("appt-unknown", 1, MessageKind.Reminder, "24h", Instant.FromDateTimeOffset(clock.GetUtcNow().AddDays(3)))),
            TimerJsonContext.Default.TimerMessage),
        PartsDesk.Queue => PartsDesk.Serialize(PartsDeskMessage.For(new ShortageNotice("shop-unknown", "appt-unknown", "FLT-1", "Oil filter", 1,
            ShortageReason.LeadTime, "2026-11-26", "2026-11-27", "req-unknown"), SendAttempt.First)),
        _ => CloudEvent.Create("evt-" + Guid.NewGuid(), "/tests", "test.ping", null, clock.GetUtcNow(), null,
            JsonDocument.Parse("{}").RootElement.Clone()).ToJson(),
    };
}
