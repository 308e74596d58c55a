using AutoShop.Functions.Hosting.Catalog;

namespace AutoShop.Functions.Storage;

/// <summary>
/// Creates every table, queue (with its poison queue) and container the app uses before any
/// listener starts, so no code path needs to "create if missing" on the hot path.
/// </summary>
public sealed partial class StorageProvisioner(
    StorageClients clients,
    IEnumerable<StorageResources> resources,
    IEnumerable<FunctionDefinition> functions,
    ILogger<StorageProvisioner> logger) : IHostedService
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when everything exists; listeners await it.</summary>
    public Task Ready => ready.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var all = resources.ToList();
            var queueNames = all.SelectMany(r => r.Queues)
                .Concat(functions.Select(f => f.Trigger).OfType<QueueFunctionTrigger>().Select(t => t.QueueName))
                .Distinct().ToList();
            var work = all.SelectMany(r => r.Tables).Distinct().Select(t => (Task)clients.Tables.CreateTableIfNotExistsAsync(t, cancellationToken))
                .Concat(queueNames.SelectMany(q => new[] { q, q + "-poison" }).Select(q => (Task)clients.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))
                .Concat(all.SelectMany(r => r.Containers).Distinct().Select(c => (Task)clients.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
            await Task.WhenAll(work);
            LogProvisioned(logger, queueNames.Count);
            ready.TrySetResult();
        }
        catch (Exception ex)
        {
            ready.TrySetException(ex);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Storage provisioned: {QueueCount} queues with their poison queues")]
    private static partial void LogProvisioned(ILogger logger, int queueCount);
}
