using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>A technician's absence in shop-local time, [Start, End). Whole days run from midnight to the next midnight.</summary>
public sealed record TimeOff
{
    private TimeOff(LocalDateTime start, LocalDateTime end)
    {
        Start = start;
        End = end;
    }

    public LocalDateTime Start { get; }

    public LocalDateTime End { get; }

    public static Result<TimeOff, ValidationError> TryBetween(LocalDateTime start, LocalDateTime end, string field = "timeOff") =>
        start < end ? new TimeOff(start, end) : new ValidationError(field, "must start before it ends.");

    public static TimeOff Between(LocalDateTime start, LocalDateTime end) => TryBetween(start, end).OrThrow();

    public static TimeOff WholeDays(LocalDate first, LocalDate last) =>
        TryBetween(first.AtMidnight(), last.PlusDays(1).AtMidnight()).OrThrow();

    public static TimeOff WholeDay(LocalDate date) => WholeDays(date, date);

    /// <summary>
    /// The absence as instants. Local times in a DST gap move forward and ambiguous ones take the
    /// earlier instant (NodaTime's lenient rule), which can only widen a time-off, never hide one.
    /// </summary>
    public Interval ToInterval(DateTimeZone zone) =>
        new(zone.AtLeniently(Start).ToInstant(), zone.AtLeniently(End).ToInstant());
}
