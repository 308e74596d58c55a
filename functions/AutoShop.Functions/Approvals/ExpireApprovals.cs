using System.Text.Json;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// The expiry timer of approval requests made before <see cref="ExceptionApproval"/> took over: a delayed
/// queue message. Nothing arms it any more; it drains the messages armed before, which the queue holds at
/// most <c>Approvals__TimeToDecide</c> after the deployment that stopped arming them. Remove it (and the
/// queue) once every environment's <c>approval-expiry</c> is empty. Early arrivals (a wait longer than the
/// 7-day queue limit, or a clock that disagrees) are re-armed; a decided request is left alone.
/// </summary>
public sealed class ExpireApprovals(ApprovalStore store, ApprovalService approvals, StorageClients storage, TimeProvider clock)
{
    public const string Name = "ExpireApprovals";
    public const string Queue = "approval-expiry";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(Queue, Connection = StorageOptions.Section)] string messageText, CancellationToken cancellationToken)
    {
        var message = Read(messageText);
        var expiresAt = Instants.Parse(message.ExpiresAt).ToDateTimeOffset();
        var remaining = expiresAt - clock.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            var delay = TimeSpan.FromTicks(Math.Min(remaining.Ticks, TimeSpan.FromDays(7).Ticks - TimeSpan.TicksPerMinute));
            await storage.Queues.GetQueueClient(Queue).SendMessageAsync(BinaryData.FromString(messageText), delay, TimeSpan.FromSeconds(-1), cancellationToken);
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
