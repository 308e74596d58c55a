using NodaTime;
using NodaTime.TimeZones;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// The hours an SMS may arrive, in the recipient's local time (the shop's when the recipient's
/// zone is unknown): 08:00 to 21:00 unless the shop sets otherwise. Email is not held back.
/// </summary>
public sealed record QuietHours
{
    /// <summary>
    /// Window starts that fall into a DST gap resolve to the first instant after the gap (02:30 on
    /// a spring-forward night is 03:00); starts in a fall-back fold take the earlier instant, so
    /// the message goes out the first time the clock shows that time.
    /// </summary>
    private static readonly ZoneLocalMappingResolver WindowStartResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    private QuietHours(LocalTime allowedFrom, LocalTime allowedUntil)
    {
        AllowedFrom = allowedFrom;
        AllowedUntil = allowedUntil;
    }

    public static QuietHours Default { get; } = new(new LocalTime(8, 0), new LocalTime(21, 0));

    /// <summary>First local time of day an SMS may arrive.</summary>
    public LocalTime AllowedFrom { get; }

    /// <summary>SMS may arrive up to, not including, this local time.</summary>
    public LocalTime AllowedUntil { get; }

    public static Validated<QuietHours> From(LocalTime allowedFrom, LocalTime allowedUntil) =>
        allowedFrom < allowedUntil
            ? Validated<QuietHours>.Valid(new QuietHours(allowedFrom, allowedUntil))
            : Validated<QuietHours>.Invalid("the allowed window must start before it ends on the same day.");

    /// <summary>The zone to judge quiet hours in: the recipient's when known, else the shop's.</summary>
    public static DateTimeZone ZoneFor(DateTimeZone? recipientZone, DateTimeZone shopZone) => recipientZone ?? shopZone;

    public bool Allows(Instant at, DateTimeZone zone)
    {
        var time = at.InZone(zone).TimeOfDay;
        return time >= AllowedFrom && time < AllowedUntil;
    }

    /// <summary>
    /// When an SMS due at <paramref name="due"/> may be sent: right away if the window allows it,
    /// else at the window's next start. Moving it past the appointment start makes it pointless,
    /// so then it is skipped.
    /// </summary>
    public SmsSendTime NextAllowed(Instant due, DateTimeZone zone, Instant appointmentStart)
    {
        var at = NextAllowed(due, zone);
        return at > due && at >= appointmentStart
            ? new SmsSendSkipped(SmsSendSkipped.AfterAppointment)
            : new SmsSendAt(at, Moved: at != due);
    }

    /// <summary>For messages with no appointment ahead (follow-ups): the time is only ever moved, never skipped.</summary>
    public Instant NextAllowed(Instant due, DateTimeZone zone)
    {
        if (Allows(due, zone))
            return due;

        var local = due.InZone(zone).LocalDateTime;
        var windowStart = (local.TimeOfDay < AllowedFrom ? local.Date : local.Date.PlusDays(1)) + AllowedFrom;
        var at = zone.ResolveLocal(windowStart, WindowStartResolver).ToInstant();

        // Due during the repeated hour of a fold, the earlier occurrence of the window start may
        // already be behind us; the later one is then the next time the clock shows it.
        return at >= due ? at : zone.MapLocal(windowStart).Last().ToInstant();
    }
}

/// <summary>The outcome of fitting an SMS into quiet hours.</summary>
public abstract record SmsSendTime;

/// <param name="Moved">True when quiet hours pushed the message later than it was due.</param>
public sealed record SmsSendAt(Instant At, bool Moved) : SmsSendTime;

public sealed record SmsSendSkipped(string Reason) : SmsSendTime
{
    public const string AfterAppointment = "skip: would arrive after the appointment";
}
