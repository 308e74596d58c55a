namespace AutoShop.Functions.Notifications.Delivery;

/// <summary>Which try of a send this is, carried by the queue message that asks for it.</summary>
/// <param name="Retries">Later tries made before this one (0: the first try).</param>
/// <param name="FirstFailedAt">When the first try failed (the app's clock); the give-up horizon counts from here.</param>
/// <param name="ByStaff">Asked for by staff: may take back a send that was given up as undelivered.</param>
public sealed record SendAttempt(int Retries = 0, DateTimeOffset? FirstFailedAt = null, bool ByStaff = false)
{
    public static readonly SendAttempt First = new();

    /// <summary>The try staff ask for from the undelivered list: a fresh horizon.</summary>
    public static readonly SendAttempt StaffRetry = new(ByStaff: true);

    /// <summary>A later try (automatic or by staff), as opposed to the message's first.</summary>
    public bool IsRetry => Retries > 0 || ByStaff;

    public SendAttempt Next(DateTimeOffset firstFailedAt) => new(Retries + 1, firstFailedAt);
}

/// <summary>Where a later try of a message goes: its queue, and the body that asks for a given attempt.</summary>
public sealed record RetryRoute(string Queue, Func<SendAttempt, string> Body);

/// <summary>
/// One message on one channel as the delivery log (claim and entries) and the undelivered list know it,
/// and how to queue it again. Customer notifications and the parts desk's shortage emails both go through
/// <see cref="TrackedSends"/> with one of these.
/// </summary>
/// <param name="AppointmentId">The delivery log's partition: the appointment (or job card) the message is about.</param>
/// <param name="DedupeKey">What is sent at most once on <paramref name="Channel"/>.</param>
/// <param name="Recipient">Shown to staff when the message ends undelivered.</param>
public sealed record TrackedMessage(
    string ShopId,
    string AppointmentId,
    string DedupeKey,
    string Kind,
    string Label,
    int Version,
    string Channel,
    string Recipient,
    DateTimeOffset? DueAt,
    SendAttempt Attempt,
    RetryRoute Retry);
