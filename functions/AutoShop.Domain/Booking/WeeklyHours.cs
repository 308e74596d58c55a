using System.Collections.Immutable;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>
/// Local time ranges per weekday (opening hours, technician shifts). Ranges that touch are
/// merged — 08:00-12:00 and 12:00-17:00 are one stretch a job may run across — and ranges that
/// overlap are rejected as a data mistake.
/// </summary>
public sealed class WeeklyHours
{
    public static readonly WeeklyHours None = new(ImmutableDictionary<IsoDayOfWeek, ImmutableArray<LocalTimeRange>>.Empty);

    private readonly ImmutableDictionary<IsoDayOfWeek, ImmutableArray<LocalTimeRange>> byDay;

    private WeeklyHours(ImmutableDictionary<IsoDayOfWeek, ImmutableArray<LocalTimeRange>> byDay) => this.byDay = byDay;

    public ImmutableArray<LocalTimeRange> On(IsoDayOfWeek day) =>
        byDay.TryGetValue(day, out var ranges) ? ranges : ImmutableArray<LocalTimeRange>.Empty;

    public IEnumerable<IsoDayOfWeek> Days => byDay.Keys.Order();

    public static Result<WeeklyHours, ValidationError> TryCreate(
        IEnumerable<(IsoDayOfWeek Day, LocalTimeRange Range)> ranges, string field = "hours")
    {
        var builder = ImmutableDictionary.CreateBuilder<IsoDayOfWeek, ImmutableArray<LocalTimeRange>>();
        foreach (var group in ranges.GroupBy(r => r.Day))
        {
            if (group.Key == IsoDayOfWeek.None)
                return new ValidationError(field, "names no weekday.");
            var merged = new List<LocalTimeRange>();
            foreach (var range in group.Select(g => g.Range).OrderBy(r => r.Start))
            {
                var last = merged.Count > 0 ? merged[^1] : null;
                if (last is not null && range.Start < last.End)
                    return new ValidationError($"{field}.{group.Key.ToString().ToLowerInvariant()}", $"has overlapping ranges {last} and {range}.");
                if (last is not null && range.Start == last.End)
                    merged[^1] = LocalTimeRange.TryCreate(last.Start, range.End).Value;
                else
                    merged.Add(range);
            }
            builder[group.Key] = [.. merged];
        }
        return new WeeklyHours(builder.ToImmutable());
    }

    public static WeeklyHours Of(params (IsoDayOfWeek Day, string Range)[] ranges) =>
        TryCreate(ranges.Select(r => (r.Day, LocalTimeRange.Parse(r.Range)))).OrThrow();

    /// <summary>The same ranges on each of <paramref name="days"/>, e.g. Monday–Friday 08:00-17:00.</summary>
    public static WeeklyHours Every(IEnumerable<IsoDayOfWeek> days, params string[] ranges) =>
        TryCreate(days.SelectMany(d => ranges.Select(r => (d, LocalTimeRange.Parse(r))))).OrThrow();

    public static IsoDayOfWeek[] Weekdays => [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];
}
