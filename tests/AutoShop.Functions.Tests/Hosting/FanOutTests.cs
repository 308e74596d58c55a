using System.Net;
using System.Text;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Hosting;

/// <summary>
/// The fan-out hands each event to subscribers whose function runs in this app directly, and
/// copies it to a subscriber's queue only when that subscriber failed or lives elsewhere.
/// Custom-handler mode, so no listener drains the queues while the test looks at them.
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
            CustomHandlerMode = true,
            Clock = clock,
            ConfigureTestServices = s =>
            {
                s.AddSingleton(recorder);
                s.AddEventSubscription(InProcessQueue);
                s.AddQueueFunction<RecordingQueueFunction>("RecordEvents", InProcessQueue);
                s.AddEventSubscription(FailingQueue);
                s.AddQueueFunction<AlwaysFailingQueueFunction>("FailOnEvents", FailingQueue);
                s.AddEventSubscription(ExternalQueue);
                s.AddEventSubscription(DisabledQueue);
                s.AddQueueFunction<AlwaysFailingQueueFunction>("SwitchedOff", DisabledQueue);
                s.AddEventSubscription(QueuedQueue, inProcess: false);
                s.AddQueueFunction<AlwaysFailingQueueFunction>("QueuedOnly", QueuedQueue);
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

        var response = await FanOutAsync(cloudEvent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, recorder.Messages[cloudEvent.ToJson()]);
        Assert.Equal(0, await probe.CountAsync(InProcessQueue));
    }

    [Fact]
    public async Task A_failing_subscriber_gets_a_copy_on_its_queue_and_the_others_are_not_held_back()
    {
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());

        var response = await FanOutAsync(cloudEvent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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

        var response = await FanOutAsync(cloudEvent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([cloudEvent.Id], (await probe.PeekAllAsync(DisabledQueue)).Select(c => CloudEvent.Parse(c).Id));
    }

    [Fact]
    public async Task A_subscriber_that_asked_for_its_queue_gets_every_event_there_and_is_not_run_in_process()
    {
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());

        var response = await FanOutAsync(cloudEvent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([cloudEvent.Id], (await probe.PeekAllAsync(QueuedQueue)).Select(c => CloudEvent.Parse(c).Id));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("QueuedOnly", body, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> FanOutAsync(CloudEvent cloudEvent) =>
        app.CreateClient().PostAsync($"/{FanOutAppointmentEvents.Name}",
            new StringContent(SampleEvents.HostQueuePayload(cloudEvent.ToJson()), Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    private sealed class AlwaysFailingQueueFunction : IQueueFunction
    {
        public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("this subscriber is down");
    }
}
