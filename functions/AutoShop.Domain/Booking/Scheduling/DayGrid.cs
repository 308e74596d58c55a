using NodaTime;

namespace AutoShop.Domain.Booking.Scheduling;

/// <summary>
/// The slot grid of consecutive shop-local days. Each day owns a fixed block of words in every
/// bit row; bucket b of day d is the instant <c>dayStart[d] + b × granularity</c>. A day is 23,
/// 24 or 25 hours long, so blocks are sized for the longest day and padded with at least one
/// zero bit — that zero is what stops a run of free buckets from spilling into the next day.
/// </summary>
internal sealed class DayGrid
{
    private readonly DateTimeZone zone;
    private readonly long[] dayStartTicks;
    private readonly int[] bucketCounts;
    private readonly bool[] regular;

    private DayGrid(Shop shop, LocalDate firstDate, int dayCount)
    {
        zone = shop.Zone;
        FirstDate = firstDate;
        DayCount = dayCount;
        SlotTicks = shop.SlotGranularity.BclCompatibleTicks;
        dayStartTicks = new long[dayCount + 1];
        bucketCounts = new int[dayCount];
        regular = new bool[dayCount];
        var maxBuckets = 0;
        for (var d = 0; d <= dayCount; d++)
        {
            var start = zone.AtStartOfDay(firstDate.PlusDays(d)).ToInstant();
            dayStartTicks[d] = start.ToUnixTimeTicks();
            if (d == 0)
                continue;
            bucketCounts[d - 1] = (int)((dayStartTicks[d] - dayStartTicks[d - 1]) / SlotTicks);
            maxBuckets = Math.Max(maxBuckets, bucketCounts[d - 1]);
            regular[d - 1] = IsRegular(zone, dayStartTicks[d - 1], dayStartTicks[d]);
        }
        WordsPerDay = (maxBuckets >> 6) + 1;
        RowWords = WordsPerDay * dayCount;
    }

    public LocalDate FirstDate { get; }

    public int DayCount { get; }

    public long SlotTicks { get; }

    public int WordsPerDay { get; }

    public int RowWords { get; }

    public static DayGrid Covering(Shop shop, LocalDate first, LocalDate last) =>
        new(shop, first, Period.DaysBetween(first, last) + 1);

    public LocalDate DateOf(int day) => FirstDate.PlusDays(day);

    public long DayStartTicks(int day) => dayStartTicks[day];

    public int BucketCount(int day) => bucketCounts[day];

    /// <summary>Index of bucket <paramref name="bucket"/> of day <paramref name="day"/> within a row.</summary>
    public int Bit(int day, int bucket) => (day * WordsPerDay << 6) + bucket;

    public int DayOfBit(int bit) => (bit >> 6) / WordsPerDay;

    public int BucketOfBit(int bit) => bit - (DayOfBit(bit) * WordsPerDay << 6);

    public long TicksOfBit(int bit) => dayStartTicks[DayOfBit(bit)] + BucketOfBit(bit) * SlotTicks;

    /// <summary>The day holding <paramref name="ticks"/>, or -1 outside the grid.</summary>
    public int DayOf(long ticks)
    {
        if (ticks < dayStartTicks[0] || ticks >= dayStartTicks[DayCount])
            return -1;
        var index = Array.BinarySearch(dayStartTicks, ticks);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>Local time on a day as an instant (ticks); gap times move forward, ambiguous ones take the earlier instant.</summary>
    public long TicksAt(int day, LocalTime time) =>
        regular[day]
            ? dayStartTicks[day] + time.TickOfDay
            : zone.AtLeniently(DateOf(day).At(time)).ToInstant().ToUnixTimeTicks();

    /// <summary>
    /// Whether a bucket may start a job: its local time lies on the grid from local midnight, and
    /// it is not the second occurrence of an ambiguous local time — a customer asking for 01:30 on
    /// the fall-back night gets the earlier 01:30, so only that one may be offered.
    /// </summary>
    public bool IsGridStart(int day, int bucket)
    {
        if (regular[day])
            return true;
        var instant = Instant.FromUnixTimeTicks(dayStartTicks[day] + bucket * SlotTicks);
        var local = instant.InZone(zone).LocalDateTime;
        if (local.TimeOfDay.TickOfDay % SlotTicks != 0)
            return false;
        var mapping = zone.MapLocal(local);
        return mapping.Count == 1 || mapping.First().ToInstant() == instant;
    }

    /// <summary>Buckets that lie wholly inside [fromTicks, toTicks) on a day, clipped to the day.</summary>
    public (int From, int To) BucketsInside(int day, long fromTicks, long toTicks) =>
        Clip(day, CeilDiv(fromTicks - dayStartTicks[day], SlotTicks), FloorDiv(toTicks - dayStartTicks[day], SlotTicks));

    /// <summary>Buckets that [fromTicks, toTicks) touches on a day, clipped to the day.</summary>
    public (int From, int To) BucketsTouching(int day, long fromTicks, long toTicks) =>
        Clip(day, FloorDiv(fromTicks - dayStartTicks[day], SlotTicks), CeilDiv(toTicks - dayStartTicks[day], SlotTicks));

    private (int From, int To) Clip(int day, long from, long to)
    {
        var count = bucketCounts[day];
        var clippedFrom = (int)Math.Clamp(from, 0, count);
        var clippedTo = (int)Math.Clamp(to, 0, count);
        return (clippedFrom, Math.Max(clippedFrom, clippedTo));
    }

    // A regular day starts at local midnight and has one UTC offset throughout, so local time is
    // plain arithmetic on it; only DST-change days pay for zone look-ups.
    private static bool IsRegular(DateTimeZone zone, long startTicks, long endTicks)
    {
        var start = Instant.FromUnixTimeTicks(startTicks);
        var interval = zone.GetZoneInterval(start);
        return start.InZone(zone).TimeOfDay == LocalTime.Midnight
            && (!interval.HasEnd || interval.End.ToUnixTimeTicks() >= endTicks)
            && endTicks - startTicks == NodaConstants.TicksPerDay;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
