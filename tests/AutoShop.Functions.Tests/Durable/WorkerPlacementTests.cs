using AutoShop.Functions.Tests.Support;
using AutoShop.LocalHost.Durable;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Durable;

/// <summary>
/// A durable worker polls the task hub's queues for as long as its host runs, so it runs only where it has
/// work: an app with orchestrator functions whose host has not turned it off. Integration tests that do not
/// exercise orchestrations turn it off (<see cref="AutoShopApp.Durable"/>), and pay neither for the hub's
/// creation nor for its polling.
/// </summary>
public sealed class WorkerPlacementTests : IAsyncDisposable
{
    private readonly string storage = TestStorage.NewAccount();
    private readonly DurableRecorder recorder = new();
    private readonly List<AutoShopApp> apps = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps) await app.DisposeAsync();
    }

    [Fact]
    public async Task A_host_with_the_worker_off_neither_creates_the_hub_at_start_nor_polls_it()
    {
        var app = await StartHostAsync(runWorker: false);

        Assert.False(await WorkerStartedAsync(app));
        Assert.Empty(await HubTablesAsync(app));
    }

    [Fact]
    public async Task A_host_with_the_worker_off_starts_instances_that_a_host_running_the_worker_runs()
    {
        var name = "placed" + Guid.NewGuid().ToString("n")[..8];
        var httpOnly = await StartHostAsync(runWorker: false);

        // The starter's first use creates the hub; the instance waits, as no worker polls.
        await httpOnly.Client().ScheduleNewOrchestrationInstanceAsync(ProbeOrchestration.Name, new ProbeInput(name, TimerSeconds: 1, DecisionTimeoutSeconds: 1),
            new StartOrchestrationOptions { InstanceId = name }, TestContext.Current.CancellationToken);
        Assert.NotEmpty(await HubTablesAsync(httpOnly));

        var worker = await StartHostAsync(runWorker: true);
        Assert.True(await WorkerStartedAsync(worker));
        var done = await httpOnly.Client().CompletionAsync(name);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, recorder.Runs(ProbeActivities.Began, name));
        var owners = await PartitionOwnersAsync(httpOnly);
        Assert.DoesNotContain(httpOnly.Services.GetRequiredService<TaskHubService>().WorkerId, owners);
        Assert.Contains(worker.Services.GetRequiredService<TaskHubService>().WorkerId, owners);
    }

    private async Task<AutoShopApp> StartHostAsync(bool runWorker)
    {
        var app = await DurableApps.StartAsync(storage, recorder, runWorker);
        apps.Add(app);
        return app;
    }

    private static async Task<bool> WorkerStartedAsync(AutoShopApp app) =>
        await app.Services.GetRequiredService<TaskHubService>().WorkerStarted.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    private async Task<List<string?>> PartitionOwnersAsync(AutoShopApp app) =>
        await new TableServiceClient(storage).GetTableClient(app.Services.GetRequiredService<TaskHubLayout>().HubName + "Partitions")
            .QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken)
            .Select(p => (string?)p.GetString("CurrentOwner")).ToListAsync(TestContext.Current.CancellationToken);

    /// <summary>The hub's tables (History, Instances, Partitions) in the test's storage account.</summary>
    private async Task<List<string>> HubTablesAsync(AutoShopApp app)
    {
        var hubName = app.Services.GetRequiredService<TaskHubLayout>().HubName;
        return await new TableServiceClient(storage).QueryAsync(cancellationToken: TestContext.Current.CancellationToken)
            .Select(t => t.Name).Where(n => n.StartsWith(hubName, StringComparison.OrdinalIgnoreCase)).ToListAsync(TestContext.Current.CancellationToken);
    }
}
