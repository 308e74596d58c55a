using Azure;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Hosting.Catalog;

namespace AutoShop.Functions.Storage;

/// <summary>
/// Creates every table, queue (with its poison queue) and container the app uses, so no code path
/// needs to "create if missing" on the hot path. Runs in the background and retries while storage
/// is unreachable: the app still starts and reports itself unhealthy instead of crash-looping.
/// </summary>
public sealed partial class StorageProvisioner(
    StorageClients clients,
    IEnumerable<StorageResources> resources,
    FunctionCatalog catalog,
    [FromKeyedServices(HostingExtensions.PollingClock)] TimeProvider retryClock,
    ILogger<StorageProvisioner> logger) : BackgroundService
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource tablesReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when everything exists; listeners await it.</summary>
    public Task Ready => ready.Task;

    /// <summary>
    /// Completes when the tables exist, which may be before the queues do: requests await it, so a queue
    /// service that is down at start holds back no booking (its events wait in the outbox).
    /// </summary>
    public Task TablesReady => tablesReady.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ProvisionAsync(stoppingToken);
                ready.TrySetResult();
                return;
            }
            // An attempt without a reply ends as a cancellation of the SDK's own (its network timeout) when it is not retried.
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException
                                       || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
            {
                LogUnreachable(logger, ex, delay.TotalSeconds);
                await Task.Delay(delay, retryClock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private async Task ProvisionAsync(CancellationToken ct)
    {
        var all = resources.ToList();
        var queueNames = all.SelectMany(r => r.Queues)
            .Concat(catalog.Functions.Select(f => f.Trigger).OfType<QueueFunctionTrigger>().Select(t => t.QueueName))
            .Distinct().ToList();
        await Task.WhenAll(all.SelectMany(r => r.Tables).Distinct().Select(t => clients.Tables.CreateTableIfNotExistsAsync(t, ct)));
        tablesReady.TrySetResult();
        var work = queueNames.SelectMany(q => new[] { q, q + "-poison" }).Select(q => (Task)clients.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: ct))
            .Concat(all.SelectMany(r => r.Containers).Distinct().Select(c => (Task)clients.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: ct)));
        await Task.WhenAll(work);
        LogProvisioned(logger, queueNames.Count);
    }

    [LoggerMessage(LogLevel.Information, "Storage provisioned: {QueueCount} queues with their poison queues")]
    private static partial void LogProvisioned(ILogger logger, int queueCount);

    [LoggerMessage(LogLevel.Warning, "Storage unreachable while provisioning; retrying in {DelaySeconds} s")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, double delaySeconds);
}
