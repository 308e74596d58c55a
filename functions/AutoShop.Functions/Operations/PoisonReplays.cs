using System.Security.Cryptography;
using System.Text;
using AutoShop.Domain;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Storage;
using NodaTime;

namespace AutoShop.Functions.Operations;

/// <summary>What a replay did: the message it put back, or that an earlier replay had done so already.</summary>
public sealed record ReplayOutcome(string Queue, string Id, bool AlreadyReplayed, string? ReplayedMessageId);

/// <summary>What replaying a queue's poisoned messages did; <see cref="More"/> when the call stopped at its bound.</summary>
public sealed record ReplayAllOutcome(string Queue, int Replayed, int AlreadyReplayed, bool More);

/// <summary>
/// Puts poisoned messages back on their queue as producers write them (base64 of the original payload),
/// audits each replay in the operations ledger, then drops it from the poison index. The audit record,
/// chained once per message, is what makes a replay happen once: a second call finds it and sends
/// nothing. It is written after the send, so it never claims a replay that did not happen; a crash
/// between the send and the record, or two calls at the same instant, can put a message back twice,
/// which consumers absorb (they are idempotent under at-least-once delivery).
/// </summary>
public sealed partial class PoisonReplays(TablePoisonMessages index, StorageClients storage, IAuditLog audit, TimeProvider clock, ILogger<PoisonReplays> logger)
{
    /// <summary>Null when the queue has no such poisoned message and none was replayed under that id.</summary>
    public async Task<ReplayOutcome?> ReplayAsync(string queue, string id, Actor actor, ReasonCode reason, string correlationId, CancellationToken ct)
    {
        var message = await index.FindAsync(queue, id, ct);
        if (message is not null) return await ReplayAsync(message, actor, reason, correlationId, ct);
        return TablePoisonMessages.IsWellFormedId(id) && await WasReplayedAsync(queue, id, ct) ? new ReplayOutcome(queue, id, true, null) : null;
    }

    /// <summary>Replays the queue's poisoned messages, oldest first, at most <paramref name="max"/> per call.</summary>
    public async Task<ReplayAllOutcome> ReplayAllAsync(string queue, Actor actor, ReasonCode reason, string correlationId, int max, CancellationToken ct)
    {
        var (replayed, already) = (0, 0);
        await foreach (var message in index.AllAsync(queue, ct))
        {
            if (replayed + already == max) return new ReplayAllOutcome(queue, replayed, already, More: true);
            var outcome = await ReplayAsync(message, actor, reason, correlationId, ct);
            if (outcome.AlreadyReplayed) already++;
            else replayed++;
        }
        return new ReplayAllOutcome(queue, replayed, already, More: false);
    }

    private async Task<ReplayOutcome> ReplayAsync(PoisonedMessage message, Actor actor, ReasonCode reason, string correlationId, CancellationToken ct)
    {
        if (await WasReplayedAsync(message.Queue, message.Id, ct))
        {
            // A replay got as far as its audit record and no further: finish it without sending again.
            await index.RemoveAsync(message, ct);
            return new ReplayOutcome(message.Queue, message.Id, true, null);
        }
        var payload = QueueMessageBody.Payload(message.Body);
        var sent = await storage.RawQueues.GetQueueClient(message.Queue).SendMessageAsync(QueueMessageBody.Encode(payload), ct);
        var record = AuditRecord.TryCreate(OperationsLedger.Id, DateTimeZone.Utc, null, "queue:" + message.Queue, actor,
            Instant.FromDateTimeOffset(clock.GetUtcNow()), AuditAction.MessageReplayed, reason,
            $"poison message {message.Id} on {PoisonQueues.PoisonOf(message.Queue)}: {payload.Length} bytes, SHA-256 {Convert.ToHexStringLower(SHA256.HashData(payload))}",
            $"put back on {message.Queue} as message {sent.Value.MessageId}", correlationId, SourceKey(message.Queue, message.Id)).OrThrow();
        var chained = await audit.AppendAsync(record, ct);
        await index.RemoveAsync(message, ct);
        LogReplayed(logger, message.Id, message.Queue, sent.Value.MessageId, actor.Id, reason.Value);
        return new ReplayOutcome(message.Queue, message.Id, chained.AlreadyChained, sent.Value.MessageId);
    }

    private Task<bool> WasReplayedAsync(string queue, string id, CancellationToken ct) =>
        audit.IsChainedAsync(OperationsLedger.Id.Value, SourceKey(queue, id), ct);

    private static string SourceKey(string queue, string id) => $"poison-replay:{queue}:{id}";

    [LoggerMessage(LogLevel.Information, "Poison message {PoisonId} put back on {QueueName} as {MessageId} by {StaffId} ({ReasonCode})")]
    private static partial void LogReplayed(ILogger logger, string poisonId, string queueName, string messageId, string staffId, string reasonCode);
}

/// <summary>
/// The ledger of operations actions that belong to no shop (replayed messages): a hash-chained partition
/// of the audit ledger like a shop's, under an id no shop is expected to take, so audit queries by
/// action or actor find them (<c>GET /api/audit?action=message-replayed</c>). The per-shop endpoints
/// (verification, exports) look the shop up first and so do not reach it.
/// </summary>
public static class OperationsLedger
{
    public static readonly ShopId Id = ShopId.Parse("autoshop-operations");
}
