using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Hosting;

/// <summary>Two local-host instances sharing one storage account, as a scale-out would.</summary>
public sealed class StandaloneModeTests : IAsyncLifetime
{
    private const string WorkQueue = "test-work";
    private const string SubscriberQueue = "test-subscriber";
    private const string ParkedQueue = "test-parked";
    private readonly string storage = TestStorage.NewAccount();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly InvocationRecorder recorder = new();
    private readonly List<AutoShopApp> instances = [];
    private StorageProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        probe = new StorageProbe(storage);
        for (var i = 0; i < 2; i++)
        {
            var app = new AutoShopApp(storage)
            {
                Clock = clock,
                ConfigureTestServices = s =>
                {
                    s.AddSingleton(recorder);
                    s.AddFunctionsOf<RecordingFunctions>();
                    s.AddEventSubscription(SubscriberQueue);
                },
            };
            app.Settings["AzureWebJobs:ParkedWork:Disabled"] /* as AzureWebJobs__ParkedWork__Disabled in the environment */ = "true";
            instances.Add(app);
            await app.Services.GetRequiredService<StorageProvisioner>().Ready;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in instances) await app.DisposeAsync();
    }

    [Fact]
    public async Task Each_queue_message_is_handled_once_across_two_instances()
    {
        var queue = probe.Queue(WorkQueue);
        var bodies = Enumerable.Range(0, 60).Select(i => $"work-{i}").ToList();
        await Task.WhenAll(bodies.Select(b => queue.SendMessageAsync(b, TestContext.Current.CancellationToken)));

        await Eventually.Until(() => recorder.Messages.Count == bodies.Count, because: "every message handled");

        Assert.All(bodies, b => Assert.Equal(1, recorder.Messages[b]));
        // A message is deleted just after its handler returns: give the last deletes a bounded moment.
        Assert.Equal(0, await Eventually.Until(() => probe.CountAsync(WorkQueue), n => n == 0, because: "handled messages are deleted"));
    }

    [Fact]
    public async Task A_function_disabled_by_its_setting_leaves_its_messages_on_the_queue()
    {
        await probe.Queue(ParkedQueue).SendMessageAsync("parked-1", TestContext.Current.CancellationToken);
        await probe.Queue(WorkQueue).SendMessageAsync("work-beside-parked", TestContext.Current.CancellationToken);

        // The enabled listener has had its turn (both would poll alike), so the parked one would have too.
        await Eventually.Until(() => recorder.Messages.ContainsKey("work-beside-parked"), because: "the enabled function runs");

        Assert.False(recorder.Messages.ContainsKey("parked-1"));
        Assert.Equal(1, await probe.CountAsync(ParkedQueue));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_after_max_dequeue_count()
    {
        await probe.Queue(WorkQueue).SendMessageAsync("fail-always", TestContext.Current.CancellationToken);

        var poisoned = await Eventually.Until(() => probe.PeekAllAsync(WorkQueue + "-poison"), m => m.Count == 1);

        Assert.Equal("fail-always", poisoned.Single());
        Assert.Equal(0, await probe.CountAsync(WorkQueue));
        using var staff = instances[0].CreateStaffClient();
        // The poison view lists what its collector timer indexed: step business time until it has run.
        for (var step = 0; step < 20 && !(await staff.GetStringAsync("/api/ops/poison-messages", TestContext.Current.CancellationToken)).Contains("fail-always"); step++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            try { await Eventually.Until(() => probe.CountAsync(WorkQueue + "-poison"), n => n == 0, TimeSpan.FromSeconds(2)); }
            catch (TimeoutException) { /* not armed yet: advance again */ }
        }
        var listed = await staff.GetStringAsync("/api/ops/poison-messages", TestContext.Current.CancellationToken);
        Assert.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("fail-always")), listed);
        Assert.Contains("\"decodedText\":\"fail-always\"", listed);
    }

    [Fact]
    public async Task Each_timer_occurrence_runs_on_exactly_one_instance()
    {
        // Schedulers start asynchronously, so step time until five occurrences have run (bounded).
        for (var step = 0; step < 40 && recorder.Occurrences.Count < 5; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            var before = recorder.Occurrences.Count;
            try { await Eventually.Until(() => recorder.Occurrences.Count > before, TimeSpan.FromSeconds(2)); }
            catch (TimeoutException) { /* not armed yet: advance again */ }
        }

        Assert.True(recorder.Occurrences.Count >= 5, $"only {recorder.Occurrences.Count} occurrences ran");
        Assert.All(recorder.Occurrences, o => Assert.Equal(1, o.Value));
        Assert.All(recorder.Occurrences.Keys, at => Assert.Equal(0, at.Second % 10));
    }

    [Fact]
    public async Task An_outbox_row_a_crash_left_behind_reaches_every_subscriber_through_the_relay_and_the_fan_out()
    {
        var shopId = "shop-" + Guid.NewGuid().ToString("n")[..8];
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());
        await probe.Table(TableNames.Shops).AddEntityAsync(new TableEntity(shopId, TableNames.ShopRowKey), TestContext.Current.CancellationToken);
        await probe.Table(TableNames.Schedule).AddEntityAsync(TableOutboxStore.ToEntity($"{shopId}|2026-11-26", cloudEvent, clock.GetUtcNow()), TestContext.Current.CancellationToken);

        clock.Advance(TimeSpan.FromSeconds(30));

        var copies = await Eventually.Until(() => probe.PeekAllAsync(SubscriberQueue), m => m.Any(c => CloudEvent.Parse(c).Id == cloudEvent.Id));
        Assert.Single(copies, c => CloudEvent.Parse(c).Id == cloudEvent.Id);
    }

    public sealed class RecordingFunctions(InvocationRecorder recorder, TimeProvider clock)
    {
        [Function("RecordWork")]
        public Task RecordWorkAsync([QueueTrigger(WorkQueue)] string message) => recorder.RecordAsync(message);

        [Function("ParkedWork")]
        public Task ParkedWorkAsync([QueueTrigger(ParkedQueue)] string message) => recorder.RecordAsync(message);

        [Function("RecordTick")]
        public Task RecordTickAsync([TimerTrigger("*/10 * * * * *")] TimerInfo timer) =>
            recorder.RecordTickAsync(timer.ScheduleStatus?.Last is { } last ? new DateTimeOffset(last, TimeSpan.Zero) : clock.GetUtcNow());
    }
}
