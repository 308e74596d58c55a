namespace AutoShop.Functions.Notifications.Delivery;

/// <summary>What happened to one message on one channel.</summary>
public static class DeliveryOutcome
{
    /// <summary>A reminder or follow-up was scheduled for <see cref="DeliveryEntry.DueAt"/>.</summary>
    public const string Planned = "planned";
    /// <summary>Quiet hours moved an SMS to <see cref="DeliveryEntry.DueAt"/>.</summary>
    public const string Deferred = "deferred";
    public const string Sent = "sent";
    /// <summary>Not sent on purpose (opted out, no address, offset already past, quiet hours...).</summary>
    public const string Skipped = "skipped";
    /// <summary>A scheduled message that no longer applies (the appointment changed or is no longer booked).</summary>
    public const string Dropped = "dropped";
    /// <summary>A try failed and the next is queued; <see cref="DeliveryEntry.Attempts"/> counts the tries so far.</summary>
    public const string Failed = "failed";
    /// <summary>Given up (refused for good, or the horizon passed): on the shop's undelivered list for staff.</summary>
    public const string Undelivered = "undelivered";
}

/// <summary>Reason codes recorded beside skips, drops and failures (plus the planner's own skip codes).</summary>
public static class DeliveryReasons
{
    public const string OffsetAlreadyPast = "offset-already-past";
    public const string QuietHours = "quiet-hours";
    public const string StaleVersion = "stale-version";
    public const string NotBooked = "not-booked";
    public const string NotCompleted = "not-completed";
    public const string AppointmentNotFound = "appointment-not-found";
    public const string Rejected = "rejected";
    public const string Transient = "transient-failure";
    /// <summary>Still failing when <see cref="NotificationOptions.GiveUpAfter"/> had passed since the first failure.</summary>
    public const string GaveUp = "retries-exhausted";
}

/// <param name="Channel"><c>email</c>, <c>sms</c>, or <c>any</c> for a plan made before channels are chosen.</param>
/// <param name="DedupeKey">The message's identity: appointment, version, kind and label.</param>
public sealed record DeliveryEntry(
    string AppointmentId,
    string DedupeKey,
    string Kind,
    string Label,
    int Version,
    string Channel,
    string Outcome,
    DateTimeOffset At,
    string? Reason = null,
    DateTimeOffset? DueAt = null,
    string? Detail = null,
    int Attempts = 0);
