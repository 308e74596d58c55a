using Azure;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Operations;

/// <summary>How long a received batch of poison messages stays hidden while it is indexed; a run that dies lets it reappear after this.</summary>
public sealed record PoisonCollectionSettings(TimeSpan Hold)
{
    public static readonly PoisonCollectionSettings Default = new(TimeSpan.FromMinutes(2));
}

/// <summary>
/// Moves every message of every poison queue into the poison index (<see cref="TablePoisonMessages"/>),
/// whichever host poisoned it. Staff read the index, not the queues: a queue can be peeked only 32
/// messages deep, and the Functions host writes poison copies with the default 7-day time to live, so
/// a message left there would vanish unseen. The index pages with continuation tokens and keeps a
/// message until it is replayed. Each message is indexed before it is deleted from its queue: a crash
/// between the two leaves it in the queue, and the next run finds it indexed (the insert conflicts)
/// and deletes it, so nothing is lost and nothing is listed twice.
/// </summary>
public sealed partial class CollectPoisonMessages(
    PoisonQueues queues, TablePoisonMessages index, StorageClients storage, PoisonCollectionSettings settings, TimeProvider clock,
    ILogger<CollectPoisonMessages> logger)
{
    public const string Name = "CollectPoisonMessages";
    public const string Schedule = "45 * * * * *";

    /// <summary>Bounds one run per queue; the next run takes the rest.</summary>
    private const int MaxPerQueue = 5_000;

    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        foreach (var queue in queues.Sources)
        {
            try
            {
                await CollectAsync(queue, cancellationToken);
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
            {
                // The other queues still get their turn; what stayed behind is taken by the next run.
                LogCollectFailed(logger, ex, PoisonQueues.PoisonOf(queue));
            }
        }
    }

    private async Task CollectAsync(string queue, CancellationToken ct)
    {
        var poison = storage.RawQueues.GetQueueClient(PoisonQueues.PoisonOf(queue));
        var collected = 0;
        while (collected < MaxPerQueue)
        {
            var batch = (await poison.ReceiveMessagesAsync(32, settings.Hold, ct)).Value;
            if (batch.Length == 0) break;
            foreach (var message in batch)
            {
                await index.AddAsync(queue, message, clock.GetUtcNow(), ct);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                collected++;
            }
        }
        if (collected > 0) LogCollected(logger, collected, PoisonQueues.PoisonOf(queue));
    }

    [LoggerMessage(LogLevel.Information, "Indexed {Count} poison messages from {PoisonQueue}")]
    private static partial void LogCollected(ILogger logger, int count, string poisonQueue);

    [LoggerMessage(LogLevel.Warning, "Could not index the poison messages of {PoisonQueue}; the next run tries again")]
    private static partial void LogCollectFailed(ILogger logger, Exception exception, string poisonQueue);
}
