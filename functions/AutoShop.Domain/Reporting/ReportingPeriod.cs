using NodaTime;
using NodaTime.Text;

namespace AutoShop.Domain.Reporting;

/// <summary>
/// Whole shop-local days, <see cref="From"/> to <see cref="To"/> inclusive. Its instants run from
/// the first day's start to the start of the day after the last, so DST days count 23 or 25 hours.
/// </summary>
public sealed record ReportingPeriod
{
    /// <summary>A longer range would make one KPI request read a year and more of schedule partitions.</summary>
    public const int MaxDays = 366;

    private ReportingPeriod(LocalDate from, LocalDate to, DateTimeZone zone)
    {
        From = from;
        To = to;
        Zone = zone;
    }

    public LocalDate From { get; }

    public LocalDate To { get; }

    public DateTimeZone Zone { get; }

    public Instant Start => Zone.AtStartOfDay(From).ToInstant();

    public Instant End => Zone.AtStartOfDay(To.PlusDays(1)).ToInstant();

    public int DayCount => Period.DaysBetween(From, To) + 1;

    public IEnumerable<LocalDate> Days => Enumerable.Range(0, DayCount).Select(From.PlusDays);

    public bool Contains(LocalDate date) => From <= date && date <= To;

    public bool Contains(Instant instant) => Contains(instant.InZone(Zone).Date);

    public static Result<ReportingPeriod, ValidationError> TryCreate(LocalDate from, LocalDate to, DateTimeZone zone)
    {
        if (to < from)
            return new ValidationError("to", "must be on or after 'from'.");
        if (Period.DaysBetween(from, to) + 1 > MaxDays)
            return new ValidationError("to", $"the range may span at most {MaxDays} days.");
        return new ReportingPeriod(from, to, zone);
    }

    /// <summary>Reads <c>from</c> and <c>to</c> as ISO dates (2026-12-01); both are required.</summary>
    public static Result<ReportingPeriod, ValidationError> TryParse(string? from, string? to, DateTimeZone zone)
    {
        if (LocalDatePattern.Iso.Parse(from ?? "") is not { Success: true } start)
            return new ValidationError("from", "is required as a shop-local date, e.g. 2026-12-01.");
        if (LocalDatePattern.Iso.Parse(to ?? "") is not { Success: true } end)
            return new ValidationError("to", "is required as a shop-local date, e.g. 2026-12-31.");
        return RequestDates.Check(start.Value, "from")
            .Then(_ => RequestDates.Check(end.Value, "to"))
            .Then(_ => TryCreate(start.Value, end.Value, zone));
    }

    public static ReportingPeriod Day(LocalDate date, DateTimeZone zone) => new(date, date, zone);

    public static string Format(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
