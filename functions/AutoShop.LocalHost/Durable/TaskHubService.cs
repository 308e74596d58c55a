using System.Diagnostics;
using Azure;
using Azure.Core;
using Azure.Identity;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace AutoShop.LocalHost.Durable;

/// <summary>
/// The local host's durable backend: DTFx's Azure Storage orchestration service (the one Durable Functions
/// runs) on the app's storage account, and a <see cref="TaskHubWorker"/> running the catalog's orchestrator
/// and activity functions through the Durable Task SDK's shims, where one should run (<see cref="RunsWorker"/>).
/// Creates the hub if it is missing (at start with a worker, else when a starter first needs it), retrying
/// while storage is unreachable as the storage provisioner does; a graceful stop releases this worker's
/// partition leases, so another host takes its orchestrations over at once.
/// </summary>
public sealed partial class TaskHubService(
    FunctionCatalog catalog,
    IOptions<StorageOptions> storage,
    IOptions<LocalDurableOptions> options,
    DurableDataConverter converter,
    IConfiguration configuration,
    IServiceProvider services,
    [FromKeyedServices(HostingExtensions.PollingClock)] TimeProvider retryClock,
    ILoggerFactory loggerFactory) : BackgroundService
{
    /// <summary>Shared by every worker of the local host (the hub's app lease is per app name); never Azure's.</summary>
    public const string AppName = "autoshop-localhost";
    private static int hostsInProcess;
    private readonly ILogger logger = loggerFactory.CreateLogger<TaskHubService>();
    private readonly TaskCompletionSource<bool> workerStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock hubLock = new();
    private Task<AzureStorageOrchestrationService>? hubCreated;
    private readonly CancellationTokenSource stopping = new();
    private AzureStorageOrchestrationService? service;
    private string? hubName;
    private TaskHubWorker? worker;
    private readonly Lock stopLock = new();
    private Task? stopped;

    /// <summary>
    /// The orchestration service once its hub exists; the first caller creates the hub (a host that runs no worker
    /// creates it only when a starter first needs it). There is none without orchestrator functions.
    /// </summary>
    public Task<AzureStorageOrchestrationService> ReadyAsync(CancellationToken cancellationToken)
    {
        if (service is null)
            throw new InvalidOperationException("This app has no orchestrator functions, so the local host runs no task hub.");
        lock (hubLock) hubCreated ??= CreateHubAsync(service, stopping.Token);
        return hubCreated.WaitAsync(cancellationToken);
    }

    /// <summary>True once this host's worker runs; false once it is clear it will not (see <see cref="RunsWorker"/>).</summary>
    public Task<bool> WorkerStarted => workerStarted.Task;

    /// <summary>This host's name in the hub's partition table.</summary>
    public string WorkerId { get; } = string.IsNullOrWhiteSpace(options.Value.WorkerId)
        ? $"{Environment.MachineName}-{Environment.ProcessId}-{Interlocked.Increment(ref hostsInProcess)}"
        : options.Value.WorkerId.Trim();

    /// <summary>
    /// A worker polls the hub's queues for as long as the app runs, so one runs only where it has work: the app has
    /// orchestrator functions, triggers run here, and <see cref="LocalDurableOptions.RunWorker"/> is not off.
    /// </summary>
    private bool RunsWorker => service is not null && configuration.TriggersOn() && options.Value.RunWorker;

    /// <summary>Reads the hub's layout before the app starts: a missing hub name fails the start, naming the setting.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (catalog.Of<OrchestrationFunctionTrigger>().Any())
        {
            var layout = services.GetRequiredService<TaskHubLayout>();
            hubName = layout.HubName;
            service = new AzureStorageOrchestrationService(Settings(layout));
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!RunsWorker)
        {
            if (service is not null) LogNoWorker(logger, hubName!);
            workerStarted.TrySetResult(false);
            return;
        }
        try
        {
            var watch = Stopwatch.StartNew();
            var hub = await ReadyAsync(stoppingToken);
            var created = watch.Elapsed;
            var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = converter }, loggerFactory);
            worker = new TaskHubWorker(hub,
                FunctionRegistry.Orchestrations(catalog, shims, services, converter),
                FunctionRegistry.Activities(catalog, shims, services.GetRequiredService<IServiceScopeFactory>(), stopping.Token),
                loggerFactory)
            {
                // Activity failures reach orchestrators as TaskFailedException with FailureDetails, as under Durable Functions.
                ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
            };
            await worker.StartAsync();
            LogStarted(logger, hubName!, WorkerId, (long)created.TotalMilliseconds, (long)(watch.Elapsed - created).TotalMilliseconds);
            workerStarted.TrySetResult(true);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            workerStarted.TrySetResult(false);
        }
    }

    /// <summary>
    /// Stops once, however often it is asked: under the test server the app's own host and the factory's host both
    /// stop the hosted services, at the same time, and the second must wait for the first rather than dispose under it.
    /// </summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        lock (stopLock) return stopped ??= StopWorkerAsync(cancellationToken);
    }

    private async Task StopWorkerAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            if (worker is null) return;
            // Not forced: running work items finish, and the partition leases are released for the next host.
            await worker.StopAsync(isForced: false).WaitAsync(cancellationToken);
            LogStopped(logger, WorkerId);
        }
        finally
        {
            // Ends what runs on past the worker: activities still running, and a hub creation a starter began.
            await stopping.CancelAsync();
        }
    }

    public override void Dispose()
    {
        worker?.Dispose();
        stopping.Dispose();
        base.Dispose();
    }

    private async Task<AzureStorageOrchestrationService> CreateHubAsync(AzureStorageOrchestrationService service, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await service.CreateIfNotExistsAsync().WaitAsync(ct);
                return service;
            }
            catch (Exception ex) when (IsStorageFault(ex) || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                LogUnreachable(logger, ex, delay.TotalSeconds);
                await Task.Delay(delay, retryClock, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>DTFx wraps the storage SDK's faults in exceptions of its own (some internal): look inside.</summary>
    private static bool IsStorageFault(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is RequestFailedException or HttpRequestException or TimeoutException) return true;
        return false;
    }

    private AzureStorageOrchestrationServiceSettings Settings(TaskHubLayout hub) => new()
    {
        StorageAccountClientProvider = ClientProvider(storage.Value),
        TaskHubName = hub.HubName,
        PartitionCount = hub.PartitionCount,
        MaxQueuePollingInterval = options.Value.MaxQueuePollingInterval ?? hub.MaxQueuePollingInterval,
        WorkerId = WorkerId,
        AppName = AppName,
        LoggerFactory = loggerFactory,
        // As Durable Functions sets it: a start refused by the dedupe statuses throws instead of silently doing nothing.
        ThrowExceptionOnInvalidDedupeStatus = true,
    };

    /// <summary>The account the app uses: a connection string locally, the managed identity in a container in Azure.</summary>
    private static StorageAccountClientProvider ClientProvider(StorageOptions o)
    {
        if (o.UsesConnectionString) return new StorageAccountClientProvider(o.ConnectionString!);
        TokenCredential credential = string.IsNullOrWhiteSpace(o.ClientId) ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ClientId));
        return new StorageAccountClientProvider(o.ServiceUri("blob"), o.ServiceUri("queue"), o.ServiceUri("table"), credential);
    }

    [LoggerMessage(LogLevel.Information, "Task hub {HubName} ready in {CreateMs} ms; worker {WorkerId} started in {StartMs} ms")]
    private static partial void LogStarted(ILogger logger, string hubName, string workerId, long createMs, long startMs);

    [LoggerMessage(LogLevel.Information, "No durable worker runs here (triggers off or LocalHost:Durable:RunWorker false): instances of task hub {HubName} started here wait for a host that runs one")]
    private static partial void LogNoWorker(ILogger logger, string hubName);

    [LoggerMessage(LogLevel.Information, "Durable worker {WorkerId} stopped; its partition leases are released")]
    private static partial void LogStopped(ILogger logger, string workerId);

    [LoggerMessage(LogLevel.Warning, "Task hub storage unreachable; trying again in {DelaySeconds} s")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, double delaySeconds);
}
