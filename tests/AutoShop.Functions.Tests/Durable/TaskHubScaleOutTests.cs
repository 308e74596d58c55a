using AutoShop.Functions.Tests.Support;
using AutoShop.LocalHost.Durable;
using Azure.Data.Tables;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Durable;

/// <summary>
/// Local hosts come and go on one task hub as Functions instances do: what one started, another finishes,
/// and no activity runs twice. Each test has its own storage account, so its own hub.
/// </summary>
public sealed class TaskHubScaleOutTests : IAsyncDisposable
{
    private readonly string storage = TestStorage.NewAccount();
    private readonly DurableRecorder recorder = new();
    private readonly List<AutoShopApp> apps = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps) await app.DisposeAsync();
    }

    [Fact]
    public async Task An_orchestration_waiting_on_its_timer_when_its_host_stops_is_finished_by_the_next_host_and_the_timer_runs_once()
    {
        var name = "restart" + Guid.NewGuid().ToString("n")[..8];
        var first = await StartHostAsync();
        await first.Client().ScheduleNewOrchestrationInstanceAsync(ProbeOrchestration.Name, new ProbeInput(name, TimerSeconds: 8, DecisionTimeoutSeconds: 1),
            new StartOrchestrationOptions { InstanceId = name }, TestContext.Current.CancellationToken);
        // Stop only once the timer is checkpointed: a host stopped mid-episode leaves the messages it had taken invisible
        // for DTFx's ControlQueueVisibilityTimeout (5 min) before the next host sees them, which is a delay, not this test.
        await Eventually.Until(() => first.Client().GetOrchestrationHistoryAsync(name, TestContext.Current.CancellationToken),
            history => history.OfType<TimerCreatedEvent>().Any(), TimeSpan.FromSeconds(60), "the orchestration waits on its timer");

        await StopAsync(first);
        Assert.Equal(0, recorder.Runs(ProbeActivities.TimerFired, name)); // stopped while waiting, or the test proves nothing
        var second = await StartHostAsync();
        var done = await second.Client().CompletionAsync(name);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, recorder.Runs(ProbeActivities.Began, name));
        Assert.Equal(1, recorder.Runs(ProbeActivities.TimerFired, name));
        Assert.Equal(1, recorder.Runs(ProbeActivities.Decided, $"{name}=timed out"));
        TestContext.Current.TestOutputHelper?.WriteLine($"after the restart the timer activity ran {recorder.TimerLateness[name].TotalMilliseconds:0} ms after its due time");
    }

    [Fact]
    public async Task A_host_that_stops_releases_its_partitions_so_the_next_one_need_not_wait_for_their_leases_to_expire()
    {
        var app = await StartHostAsync();
        var hub = app.Services.GetRequiredService<TaskHubService>();
        var partitions = new StorageProbe(storage).Table(app.Services.GetRequiredService<TaskHubLayout>().HubName + "Partitions");
        await Eventually.Until(() => OwnersAsync(partitions), owners => owners.Count == 4 && owners.All(o => o == hub.WorkerId), TimeSpan.FromSeconds(60),
            "the only host owns every partition");

        await StopAsync(app);

        Assert.All(await OwnersAsync(partitions), owner => Assert.True(string.IsNullOrEmpty(owner), $"partition still owned by {owner}"));
    }

    [Fact]
    public async Task Two_hosts_on_one_hub_run_every_orchestration_and_every_activity_exactly_once()
    {
        var hosts = new[] { await StartHostAsync(), await StartHostAsync() };
        var names = Enumerable.Range(0, 12).Select(i => $"fan{i}-{Guid.NewGuid():n}"[..16]).ToList();

        await Task.WhenAll(names.Select((n, i) => hosts[i % 2].Client().ScheduleNewOrchestrationInstanceAsync(FanOutProbeOrchestration.Name, n,
            new StartOrchestrationOptions { InstanceId = n }, TestContext.Current.CancellationToken)));
        var done = await Task.WhenAll(names.Select(n => hosts[0].Client().CompletionAsync(n)));

        Assert.All(done, d => Assert.Equal(FanOutProbeOrchestration.Steps, d.ReadOutputAs<int>()));
        Assert.All(names.SelectMany(n => Enumerable.Range(0, FanOutProbeOrchestration.Steps).Select(i => $"{n}/{i}")),
            step => Assert.Equal(1, recorder.Runs(ProbeActivities.Work, step)));
    }

    private async Task<AutoShopApp> StartHostAsync()
    {
        var app = await DurableApps.StartAsync(storage, recorder);
        apps.Add(app);
        return app;
    }

    private async Task StopAsync(AutoShopApp app)
    {
        apps.Remove(app);
        await app.DisposeAsync();
    }

    private static async Task<List<string?>> OwnersAsync(TableClient partitions)
    {
        try
        {
            return await partitions.QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken)
                .Select(p => (string?)p.GetString("CurrentOwner")).ToListAsync(TestContext.Current.CancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return []; // the hub is still being created
        }
    }
}
