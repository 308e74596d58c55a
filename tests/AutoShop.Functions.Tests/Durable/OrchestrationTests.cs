using System.Net;
using System.Net.Http.Json;
using AutoShop.Functions.Tests.Support;
using AutoShop.LocalHost.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AutoShop.Functions.Tests.Durable;

/// <summary>
/// Orchestrations on the local host's real durable backend (DTFx on Azure Storage, the fixture's Azurite),
/// started and signalled by functions through their [DurableClient] parameter.
/// </summary>
public sealed class OrchestrationTests : IAsyncLifetime
{
    private readonly string storage = TestStorage.NewAccount();
    private readonly DurableRecorder recorder = new();
    private AutoShopApp app = null!;

    public async ValueTask InitializeAsync() => app = await DurableApps.StartAsync(storage, recorder);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_orchestration_started_over_HTTP_waits_on_its_timer_takes_a_decision_from_a_queue_and_runs_each_activity_once()
    {
        var name = "probe" + Guid.NewGuid().ToString("n")[..8];
        using var http = app.CreateClient();

        var started = await http.PostAsJsonAsync($"/test/durable-probes/{name}", new ProbeInput(name, TimerSeconds: 4, DecisionTimeoutSeconds: 60), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await Eventually.Until(() => recorder.Runs(ProbeActivities.TimerFired, name) == 1, TimeSpan.FromSeconds(60), "the timer fires");
        await new StorageProbe(storage).Queue(ProbeStarters.DecisionQueue).SendMessageAsync($"{name}=approved", TestContext.Current.CancellationToken);
        var done = await app.Client().CompletionAsync(name);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"{name}: approved", done.ReadOutputAs<string>());
        Assert.Equal(1, recorder.Runs(ProbeActivities.Began, name));
        Assert.Equal(1, recorder.Runs(ProbeActivities.TimerFired, name));
        Assert.Equal(1, recorder.Runs(ProbeActivities.Decided, $"{name}=approved"));
        TestContext.Current.TestOutputHelper?.WriteLine($"timer activity ran {recorder.TimerLateness[name].TotalMilliseconds:0} ms after the timer's due time");
    }

    [Fact]
    public async Task A_decision_that_does_not_come_times_out_and_the_orchestration_goes_on()
    {
        var name = "probe" + Guid.NewGuid().ToString("n")[..8];

        await app.Client().ScheduleNewOrchestrationInstanceAsync(ProbeOrchestration.Name, new ProbeInput(name, TimerSeconds: 1, DecisionTimeoutSeconds: 3),
            new StartOrchestrationOptions { InstanceId = name }, TestContext.Current.CancellationToken);
        var done = await app.Client().CompletionAsync(name);

        Assert.Equal($"{name}: timed out", done.ReadOutputAs<string>());
        Assert.Equal(1, recorder.Runs(ProbeActivities.Decided, $"{name}=timed out"));
    }

    [Fact]
    public async Task The_history_the_backend_recorded_replays_to_the_same_result_and_changed_code_fails_on_it()
    {
        var name = "probe" + Guid.NewGuid().ToString("n")[..8];
        await app.Client().ScheduleNewOrchestrationInstanceAsync(ProbeOrchestration.Name, new ProbeInput(name, TimerSeconds: 1, DecisionTimeoutSeconds: 1),
            new StartOrchestrationOptions { InstanceId = name }, TestContext.Current.CancellationToken);
        var done = await app.Client().CompletionAsync(name);

        var recorded = HistoryJson.Parse(HistoryJson.Write(await app.Client().GetOrchestrationHistoryAsync(name, TestContext.Current.CancellationToken)));

        Assert.Equal(done.SerializedOutput, OrchestrationReplay.Of<ProbeOrchestration>(ProbeOrchestration.Name).Replay(recorded).Completion().Result);
        var changed = OrchestrationReplay.Of<ReplayTests.ChangedProbeOrchestration>(ProbeOrchestration.Name).Replay(recorded).Completion();
        Assert.Equal(global::DurableTask.Core.OrchestrationStatus.Failed, changed.OrchestrationStatus);
    }

    [Fact]
    public async Task Starting_an_instance_id_that_is_running_is_refused_as_under_Durable_Functions()
    {
        var name = "probe" + Guid.NewGuid().ToString("n")[..8];
        var input = new ProbeInput(name, TimerSeconds: 30, DecisionTimeoutSeconds: 30);
        await app.Client().ScheduleNewOrchestrationInstanceAsync(ProbeOrchestration.Name, input, new StartOrchestrationOptions { InstanceId = name }, TestContext.Current.CancellationToken);
        await Eventually.Until(() => recorder.Runs(ProbeActivities.Began, name) == 1, TimeSpan.FromSeconds(60), "the first start runs");

        await Assert.ThrowsAsync<global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException>(() =>
            app.Client().ScheduleNewOrchestrationInstanceAsync(ProbeOrchestration.Name, input, new StartOrchestrationOptions { InstanceId = name }, TestContext.Current.CancellationToken));

        await app.Client().TerminateInstanceAsync(name, new TerminateInstanceOptions { Output = "test over" }, TestContext.Current.CancellationToken);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await app.Client().CompletionAsync(name)).RuntimeStatus);
    }
}
