namespace AutoShop.Domain.Notifications;

/// <summary>Why a customer is being told something. Each kind has its own templates.</summary>
public enum MessageKind
{
    Confirmation,
    Reminder,
    Rescheduled,
    Cancelled,
    FollowUp,
    ExceptionPending,
    ExceptionApproved,
    ExceptionDenied,
}

public static class MessageKinds
{
    /// <summary>Every kind, in a stable order (tests and template listings iterate it).</summary>
    public static IReadOnlyList<MessageKind> All { get; } = Enum.GetValues<MessageKind>();

    /// <summary>The wire and file name of a kind: <c>follow-up</c>, <c>exception-pending</c>, ...</summary>
    public static string Code(this MessageKind kind) => kind switch
    {
        MessageKind.Confirmation => "confirmation",
        MessageKind.Reminder => "reminder",
        MessageKind.Rescheduled => "rescheduled",
        MessageKind.Cancelled => "cancelled",
        MessageKind.FollowUp => "follow-up",
        MessageKind.ExceptionPending => "exception-pending",
        MessageKind.ExceptionApproved => "exception-approved",
        MessageKind.ExceptionDenied => "exception-denied",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown message kind."),
    };

    /// <summary>Only these kinds carry a policy exception, so only their templates may use <c>exception</c>.</summary>
    public static bool IsAboutException(this MessageKind kind) =>
        kind is MessageKind.ExceptionPending or MessageKind.ExceptionApproved or MessageKind.ExceptionDenied;

    public static bool TryParse(string? code, out MessageKind kind)
    {
        var trimmed = code?.Trim();
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Code(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
