using System.Text.Json;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// The expiry timer of an approval request: a delayed queue message. Early arrivals (a wait longer
/// than the 7-day queue limit, or a clock that disagrees) are re-armed; a decided request is left alone.
/// </summary>
public sealed class ExpireApprovals(ApprovalStore store, ApprovalService approvals, StorageClients storage, TimeProvider clock)
{
    public const string Name = "ExpireApprovals";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(NotifyApprovers.ExpiryQueue, Connection = StorageOptions.Section)] string messageText, CancellationToken cancellationToken)
    {
        var message = Read(messageText);
        var expiresAt = Instants.Parse(message.ExpiresAt).ToDateTimeOffset();
        var remaining = expiresAt - clock.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            var delay = TimeSpan.FromTicks(Math.Min(remaining.Ticks, TimeSpan.FromDays(7).Ticks - TimeSpan.TicksPerMinute));
            await storage.Queues.GetQueueClient(NotifyApprovers.ExpiryQueue).SendMessageAsync(BinaryData.FromString(messageText), delay, TimeSpan.FromSeconds(-1), cancellationToken);
            return;
        }
        if (await store.FindAsync(message.RequestId, cancellationToken) is { } request)
            await approvals.ExpireIfDueAsync(request, null, null, cancellationToken);
    }

    /// <summary>A message that is not an expiry message (<see cref="UnreadableMessageException"/>) is poisoned, not retried.</summary>
    private static ExpiryMessage Read(string text)
    {
        try
        {
            var message = JsonSerializer.Deserialize(text, ApprovalJsonContext.Default.ExpiryMessage);
            return message is { RequestId: not null, ExpiresAt: not null } ? message
                : throw new UnreadableMessageException("The expiry message lacks requestId or expiresAt.");
        }
        catch (JsonException ex)
        {
            throw new UnreadableMessageException("The message is not expiry message JSON: " + ex.Message, ex);
        }
    }
}
