using NodaTime;

namespace AutoShop.Domain.Reporting;

/// <summary>Small interval arithmetic for shift, time-off and refill calculations.</summary>
internal static class Intervals
{
    /// <summary>The parts of <paramref name="from"/> not covered by any of <paramref name="cuts"/>.</summary>
    public static List<Interval> Subtract(Interval from, IEnumerable<Interval> cuts)
    {
        var pieces = new List<Interval> { from };
        foreach (var cut in cuts)
        {
            var next = new List<Interval>();
            foreach (var piece in pieces)
            {
                if (cut.End <= piece.Start || cut.Start >= piece.End)
                {
                    next.Add(piece);
                    continue;
                }
                if (cut.Start > piece.Start) next.Add(new Interval(piece.Start, cut.Start));
                if (cut.End < piece.End) next.Add(new Interval(cut.End, piece.End));
            }
            pieces = next;
        }
        return pieces;
    }

    /// <summary>How much of <paramref name="within"/> the union of <paramref name="covers"/> takes up (overlaps count once).</summary>
    public static Duration Covered(Interval within, IEnumerable<Interval> covers)
    {
        var free = Subtract(within, covers);
        return within.Duration - free.Aggregate(Duration.Zero, (sum, i) => sum + i.Duration);
    }

    public static bool Overlap(Interval a, Interval b) => a.Start < b.End && b.Start < a.End;

    public static double Hours(Duration d) => d.TotalHours;
}
