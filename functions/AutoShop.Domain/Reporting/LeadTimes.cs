namespace AutoShop.Domain.Reporting;

/// <summary>Booking lead time: created → start, as nearest-rank percentiles and a fixed histogram.</summary>
internal static class LeadTimes
{
    private static readonly (string Label, double From, double? To)[] Buckets =
    [
        ("<1d", 0, 24), ("1-3d", 24, 72), ("3-7d", 72, 168), ("7-14d", 168, 336), ("14-30d", 336, 720), (">=30d", 720, null),
    ];

    public static LeadTimeFigures Compute(IReadOnlyCollection<AppointmentFact> appointments)
    {
        // A booking made after its start (back-filled walk-ins) counts as no lead time, not a negative one.
        var hours = appointments.Select(a => Math.Max(0, (a.Start - a.CreatedAt).TotalHours)).Order().ToArray();
        var histogram = Buckets.Select(b => new HistogramBucket(b.Label, b.From, b.To,
            hours.Count(h => h >= b.From && (b.To is not { } to || h < to)))).ToList();
        return new LeadTimeFigures(hours.Length, NearestRank(hours, 50), NearestRank(hours, 90), histogram);
    }

    /// <summary>The value at rank ⌈p/100 · n⌉ of the sorted values (1-based).</summary>
    internal static double? NearestRank(double[] sorted, int percentile)
    {
        if (sorted.Length == 0) return null;
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return KpiCalculator.Round2(sorted[Math.Clamp(rank, 1, sorted.Length) - 1]);
    }
}
