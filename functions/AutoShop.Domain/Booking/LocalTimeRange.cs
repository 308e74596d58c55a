using NodaTime;
using NodaTime.Text;

namespace AutoShop.Domain.Booking;

/// <summary>
/// A half-open span of wall-clock time inside one day, [Start, End). Shops and shifts never run
/// past midnight here, which keeps every job inside one local day (and one shop-day partition).
/// </summary>
public sealed record LocalTimeRange
{
    private static readonly LocalTimePattern Pattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private LocalTimeRange(LocalTime start, LocalTime end)
    {
        Start = start;
        End = end;
    }

    public LocalTime Start { get; }

    public LocalTime End { get; }

    public static Result<LocalTimeRange, ValidationError> TryCreate(LocalTime start, LocalTime end, string field = "hours") =>
        start < end
            ? new LocalTimeRange(start, end)
            : new ValidationError(field, $"must start before it ends; got {Pattern.Format(start)}-{Pattern.Format(end)}.");

    /// <summary>Reads "08:00-17:30".</summary>
    public static Result<LocalTimeRange, ValidationError> TryParse(string? text, string field = "hours")
    {
        var parts = text?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 })
            return new ValidationError(field, $"must look like 08:00-17:00; got '{text}'.");
        var start = Pattern.Parse(parts[0]);
        var end = Pattern.Parse(parts[1]);
        if (!start.Success || !end.Success)
            return new ValidationError(field, $"must look like 08:00-17:00; got '{text}'.");
        return TryCreate(start.Value, end.Value, field);
    }

    public static LocalTimeRange Parse(string text) => TryParse(text).OrThrow();

    public bool Contains(LocalTime start, LocalTime end) => Start <= start && end <= End;

    public override string ToString() => $"{Pattern.Format(Start)}-{Pattern.Format(End)}";
}
