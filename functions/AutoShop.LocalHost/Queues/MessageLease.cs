using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace AutoShop.LocalHost.Queues;

/// <summary>How long a received message stays hidden at a time while its handler runs (renewed at half of it).</summary>
public sealed record QueueLeaseSettings(TimeSpan Length)
{
    public static readonly QueueLeaseSettings Default = new(TimeSpan.FromMinutes(5));
}

/// <summary>
/// A received message's lease, kept alive while its handler runs, as the Functions host keeps a running
/// message hidden: every half lease the message is hidden for another whole lease. Without it, a handler
/// that outlives one lease (an overloaded storage account, a slow SMTP relay) sees its message delivered
/// a second time while it still runs. Each renewal returns a new pop receipt; the delete or retry that
/// follows must present the latest, so <see cref="StopAsync"/> lets a renewal in flight finish.
/// </summary>
internal sealed partial class MessageLease
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task renewing;
    private string popReceipt;

    private MessageLease(QueueClient queue, QueueMessage message, QueueLeaseSettings lease, TimeProvider clock, ILogger logger)
    {
        popReceipt = message.PopReceipt;
        renewing = RenewAsync(queue, message.MessageId, lease.Length, clock, logger);
    }

    public static MessageLease Start(QueueClient queue, QueueMessage message, QueueLeaseSettings lease, TimeProvider clock, ILogger logger) =>
        new(queue, message, lease, clock, logger);

    /// <summary>Stops renewing and answers the pop receipt that now holds the message.</summary>
    public async Task<string> StopAsync()
    {
        await stop.CancelAsync();
        await renewing;
        stop.Dispose();
        return popReceipt;
    }

    private async Task RenewAsync(QueueClient queue, string messageId, TimeSpan length, TimeProvider clock, ILogger logger)
    {
        try
        {
            while (true)
            {
                await Task.Delay(length / 2, clock, stop.Token);
                // Not cancelled midway: a renewal that took effect changed the receipt the delete needs.
                var renewed = await queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: length, cancellationToken: CancellationToken.None);
                popReceipt = renewed.Value.PopReceipt;
                LogRenewed(logger, messageId, queue.Name);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The handler finished: the caller deletes or releases the message now.
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            // Another consumer may take the message once the lease runs out; handlers are idempotent.
            LogRenewalFailed(logger, ex, messageId, queue.Name);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Lease of message {MessageId} on {QueueName} renewed while its handler runs")]
    private static partial void LogRenewed(ILogger logger, string messageId, string queueName);

    [LoggerMessage(LogLevel.Warning, "Could not renew the lease of message {MessageId} on {QueueName}; it may be delivered again")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string messageId, string queueName);
}
