using AutoShop.Functions.Hosting;

namespace AutoShop.Functions.Operations;

/// <summary>
/// A poisoned message: <see cref="Body"/> exactly as it was stored on the queue; <see cref="DecodedText"/>
/// what a consumer reads from it when it decodes (base64 of UTF-8), otherwise <see cref="DecodeProblem"/> says why not.
/// </summary>
public sealed record PoisonMessageDto(
    string Queue, string PoisonQueue, string Id, string PoisonMessageId, DateTimeOffset? PoisonedAt, DateTimeOffset CollectedAt,
    string Body, string? DecodedText, string? DecodeProblem)
{
    public static PoisonMessageDto From(PoisonedMessage m)
    {
        var decoded = QueueMessageBody.TryDecode(m.Body, out var text, out var problem);
        return new(m.Queue, PoisonQueues.PoisonOf(m.Queue), m.Id, m.PoisonMessageId, m.PoisonedAt, m.CollectedAt, m.Body,
            decoded ? text : null, decoded ? null : problem);
    }
}

/// <param name="WaitingToBeCollected">
/// First page only: poison queues that hold messages not indexed yet (approximate counts; the
/// <c>CollectPoisonMessages</c> timer indexes them within a minute).
/// </param>
public sealed record PoisonMessagesPageDto(IReadOnlyList<PoisonMessageDto> Messages, string? Continuation, IReadOnlyDictionary<string, int>? WaitingToBeCollected);

/// <summary>Why staff put a message back: a code from the reason vocabulary (e.g. <c>fault-fixed</c>, <c>dependency-restored</c>).</summary>
public sealed record ReplayRequest(string? ReasonCode);

public sealed record ReplayDto(string Queue, string Id, bool AlreadyReplayed, string? ReplayedMessageId)
{
    public static ReplayDto From(ReplayOutcome o) => new(o.Queue, o.Id, o.AlreadyReplayed, o.ReplayedMessageId);
}

public sealed record ReplayAllDto(string Queue, int Replayed, int AlreadyReplayed, bool More)
{
    public static ReplayAllDto From(ReplayAllOutcome o) => new(o.Queue, o.Replayed, o.AlreadyReplayed, o.More);
}
