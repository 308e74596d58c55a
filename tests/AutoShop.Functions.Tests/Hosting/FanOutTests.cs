using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Hosting;

/// <summary>
/// The fan-out hands each event to subscribers whose function runs in this app directly, and
/// copies it to a subscriber's queue only when that subscriber failed or lives elsewhere.
/// No triggers run, so no listener drains the queues while the test looks at them: the test hands
/// the event to the fan-out function itself, as the Functions host would.
/// </summary>
public sealed class FanOutTests : IAsyncLifetime
{
    private const string InProcessQueue = "test-inprocess";
    private const string FailingQueue = "test-failing";
    private const string ExternalQueue = "test-external";
    private const string DisabledQueue = "test-disabled";
    private const string QueuedQueue = "test-queued";
    private readonly string storage = TestStorage.NewAccount();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly InvocationRecorder recorder = new();
    private AutoShopApp app = null!;
    private StorageProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        app = new AutoShopApp(storage)
        {
            TriggersOff = true,
            Clock = clock,
            ConfigureTestServices = s =>
            {
                s.AddSingleton(recorder);
                s.AddFunctionsOf<Subscribers>();
                s.AddEventSubscription(InProcessQueue);
                s.AddEventSubscription(FailingQueue);
                s.AddEventSubscription(ExternalQueue);
                s.AddEventSubscription(DisabledQueue);
                s.AddEventSubscription(QueuedQueue, inProcess: false);
            },
        };
        app.Settings["AzureWebJobs.SwitchedOff.Disabled"] = "true";
        probe = new StorageProbe(storage);
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_in_process_subscriber_gets_the_event_without_a_queue_copy()
    {
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());

        await FanOutAsync(cloudEvent);

        Assert.Equal(1, recorder.Messages[cloudEvent.ToJson()]);
        Assert.Equal(0, await probe.CountAsync(InProcessQueue));
    }

    [Fact]
    public async Task A_failing_subscriber_gets_a_copy_on_its_queue_and_the_others_are_not_held_back()
    {
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());

        await FanOutAsync(cloudEvent);

        Assert.Equal([cloudEvent.Id], (await probe.PeekAllAsync(FailingQueue)).Select(c => CloudEvent.Parse(c).Id));
        Assert.Equal(1, recorder.Messages[cloudEvent.ToJson()]);
    }

    [Fact]
    public async Task A_subscriber_without_a_function_in_this_app_gets_a_copy_on_its_queue()
    {
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());

        await FanOutAsync(cloudEvent);

        Assert.Equal([cloudEvent.Id], (await probe.PeekAllAsync(ExternalQueue)).Select(c => CloudEvent.Parse(c).Id));
    }

    [Fact]
    public async Task A_subscriber_disabled_by_its_setting_finds_the_event_waiting_on_its_queue()
    {
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());

        await FanOutAsync(cloudEvent);

        Assert.Equal([cloudEvent.Id], (await probe.PeekAllAsync(DisabledQueue)).Select(c => CloudEvent.Parse(c).Id));
    }

    [Fact]
    public async Task A_subscriber_that_asked_for_its_queue_gets_every_event_there_and_is_not_run_in_process()
    {
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());

        await FanOutAsync(cloudEvent);

        Assert.Equal([cloudEvent.Id], (await probe.PeekAllAsync(QueuedQueue)).Select(c => CloudEvent.Parse(c).Id));
        Assert.Equal(0, recorder.Messages.GetValueOrDefault("queued-only-ran"));
    }

    private Task FanOutAsync(CloudEvent cloudEvent) =>
        app.InvokeQueueFunctionAsync(FanOutAppointmentEvents.Name, cloudEvent.ToJson(), TestContext.Current.CancellationToken);

    public sealed class Subscribers(InvocationRecorder recorder)
    {
        [Function("RecordEvents")]
        public Task RecordAsync([QueueTrigger(InProcessQueue)] string message) => recorder.RecordAsync(message);

        [Function("FailOnEvents")]
        public Task FailAsync([QueueTrigger(FailingQueue)] string message) => throw new InvalidOperationException("this subscriber is down");

        [Function("SwitchedOff")]
        public Task SwitchedOffAsync([QueueTrigger(DisabledQueue)] string message) => throw new InvalidOperationException("this subscriber is down");

        [Function("QueuedOnly")]
        public Task QueuedOnlyAsync([QueueTrigger(QueuedQueue)] string message) => recorder.RecordAsync("queued-only-ran");
    }
}
