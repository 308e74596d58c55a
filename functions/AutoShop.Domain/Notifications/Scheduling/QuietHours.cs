using System.Globalization;
using NodaTime;
using NodaTime.TimeZones;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// A daily window of local time in which an SMS may arrive, judged in one zone. A message needs
/// every window of its <see cref="SmsSendingWindow"/> at once: the shop's, in the shop's zone, and
/// the recipient's (<see cref="Default"/>, or <see cref="Florida"/>) in each zone their number may
/// be in. Email is not held back.
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

    /// <summary>08:00 to 21:00: the TCPA's calling hours at the called party's location (47 CFR 64.1200(c)(1)).</summary>
    public static QuietHours Default { get; } = new(new LocalTime(8, 0), new LocalTime(21, 0));

    /// <summary>08:00 to 20:00: Florida's Telephone Solicitation Act (Fla. Stat. 501.616(6)(a)), at the recipient's location.</summary>
    public static QuietHours Florida { get; } = new(new LocalTime(8, 0), new LocalTime(20, 0));

    /// <summary>First local time of day an SMS may arrive.</summary>
    public LocalTime AllowedFrom { get; }

    /// <summary>SMS may arrive up to, not including, this local time.</summary>
    public LocalTime AllowedUntil { get; }

    public static Validated<QuietHours> From(LocalTime allowedFrom, LocalTime allowedUntil) =>
        allowedFrom < allowedUntil
            ? Validated<QuietHours>.Valid(new QuietHours(allowedFrom, allowedUntil))
            : Validated<QuietHours>.Invalid("the allowed window must start before it ends on the same day.");

    /// <summary>Whether the two windows share a time of day (judged in one zone).</summary>
    public bool Overlaps(QuietHours other) => AllowedFrom < other.AllowedUntil && other.AllowedFrom < AllowedUntil;

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
    public SmsSendTime NextAllowed(Instant due, DateTimeZone zone, Instant appointmentStart) =>
        SmsSendTime.Fit(due, NextAllowed(due, zone), appointmentStart);

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

    public override string ToString() =>
        AllowedFrom.ToString("HH:mm", CultureInfo.InvariantCulture) + "-" + AllowedUntil.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The outcome of fitting an SMS into quiet hours.</summary>
public abstract record SmsSendTime
{
    /// <summary>
    /// A message due at <paramref name="due"/> that may go at <paramref name="at"/>: moving it past
    /// the appointment start makes it pointless, so then it is skipped.
    /// </summary>
    internal static SmsSendTime Fit(Instant due, Instant at, Instant appointmentStart) =>
        at > due && at >= appointmentStart
            ? new SmsSendSkipped(SmsSendSkipped.AfterAppointment)
            : new SmsSendAt(at, Moved: at != due);
}

/// <param name="Moved">True when quiet hours pushed the message later than it was due.</param>
public sealed record SmsSendAt(Instant At, bool Moved) : SmsSendTime;

public sealed record SmsSendSkipped(string Reason) : SmsSendTime
{
    public const string AfterAppointment = "skip: would arrive after the appointment";
}
