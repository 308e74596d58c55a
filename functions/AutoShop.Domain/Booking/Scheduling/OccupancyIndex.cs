namespace AutoShop.Domain.Booking.Scheduling;

/// <summary>
/// Who and what is free, bucket by bucket, over a run of local days — for one job. Only the
/// resources that could take the job get a row: qualified technicians, bays of the job's type
/// and units of the job's tools. A set bit means "free and usable in this bucket".
/// Built fresh for every search or booking decision from the bookings storage loaded, so it
/// never goes stale and no instance keeps schedule state in memory.
/// </summary>
internal sealed class OccupancyIndex
{
    public const int OpenRow = 0;
    public const int StartableRow = 1;
    public const int ScratchRow = 2;
    private const int FirstResourceRow = 3;

    private readonly ulong[] bits;
    private readonly int[] techSlotBySetupIndex;
    private readonly int[] baySlotBySetupIndex;
    private readonly int[] labor;
    private readonly ulong[] capHeld;
    private readonly int capWords;

    public OccupancyIndex(ShopSetup setup, JobSpec job, DayGrid grid, long startableFrom, long startableTo,
        IEnumerable<ExistingBooking> bookings, AppointmentId? ignoring)
    {
        Setup = setup;
        Job = job;
        Grid = grid;
        TechnicianIndexes = [.. Enumerable.Range(0, setup.Technicians.Length).Where(i => setup.Technicians[i].HasAllSkills(job.Skills))];
        BayIndexes = [.. Enumerable.Range(0, setup.Bays.Length).Where(i => setup.Bays[i].Type == job.BayType)];
        UnitCounts = [.. job.Tools.Select(t => setup.Tools[t].Count)];
        techSlotBySetupIndex = SlotLookup(setup.Technicians.Length, TechnicianIndexes);
        baySlotBySetupIndex = SlotLookup(setup.Bays.Length, BayIndexes);
        FirstBayRow = FirstResourceRow + TechnicianIndexes.Length;
        FirstUnitRow = FirstBayRow + BayIndexes.Length;
        bits = new ulong[(FirstUnitRow + UnitCounts.Sum()) * grid.RowWords];
        labor = new int[grid.DayCount * TechnicianIndexes.Length];
        CapOrdinals = [.. TechnicianIndexes.Select(i => CapOrdinalsOf(setup, i))];
        capWords = Math.Max(1, (CapOrdinals.Max() + 63) >> 6);
        capHeld = new ulong[CapOrdinals.Any(c => c > 0) ? capWords * grid.DayCount * TechnicianIndexes.Length : 0];

        MarkOpenAndStartable(startableFrom, startableTo);
        MarkTechnicianHours();
        for (var row = FirstBayRow; row < bits.Length / grid.RowWords; row++)
            MarkWholeDays(Row(row));
        foreach (var booking in bookings)
        {
            if (booking.AppointmentId != ignoring)
                MarkBusy(booking);
        }
    }

    public ShopSetup Setup { get; }

    public JobSpec Job { get; }

    public DayGrid Grid { get; }

    /// <summary>Setup indexes of the technicians holding every skill the job needs, in id order.</summary>
    public int[] TechnicianIndexes { get; }

    /// <summary>Setup indexes of the bays of the job's type, in id order.</summary>
    public int[] BayIndexes { get; }

    /// <summary>Units owned of each tool type in <see cref="JobSpec.Tools"/>.</summary>
    public int[] UnitCounts { get; }

    /// <summary>Cap ordinals per technician slot (0 when uncapped).</summary>
    public int[] CapOrdinals { get; }

    public int FirstBayRow { get; }

    public int FirstUnitRow { get; }

    public Span<ulong> Row(int row) => bits.AsSpan(row * Grid.RowWords, Grid.RowWords);

    public int TechnicianRow(int slot) => FirstResourceRow + slot;

    public int UnitRow(int toolSlot, int unit)
    {
        var row = FirstUnitRow;
        for (var k = 0; k < toolSlot; k++)
            row += UnitCounts[k];
        return row + unit;
    }

    public int LaborOn(int day, int techSlot) => labor[day * TechnicianIndexes.Length + techSlot];

    public ReadOnlySpan<ulong> CapHeld(int day, int techSlot) =>
        capHeld.AsSpan((day * TechnicianIndexes.Length + techSlot) * capWords, capWords);

    private void MarkOpenAndStartable(long startableFrom, long startableTo)
    {
        var shop = Setup.Shop;
        var open = Row(OpenRow);
        var startable = Row(StartableRow);
        for (var day = 0; day < Grid.DayCount; day++)
        {
            var date = Grid.DateOf(day);
            if (shop.IsClosedOn(date))
                continue;
            foreach (var range in shop.OpeningHours.On(date.DayOfWeek))
                SetInside(open, day, Grid.TicksAt(day, range.Start), Grid.TicksAt(day, range.End));
            var (from, to) = Grid.BucketsInside(day, startableFrom, startableTo + Grid.SlotTicks - 1);
            for (var bucket = from; bucket < to; bucket++)
            {
                if (Grid.IsGridStart(day, bucket))
                    BitRow.SetRange(startable, Grid.Bit(day, bucket), Grid.Bit(day, bucket) + 1);
            }
        }
    }

    private void MarkTechnicianHours()
    {
        var firstDate = Grid.FirstDate;
        var lastDate = Grid.DateOf(Grid.DayCount - 1);
        for (var slot = 0; slot < TechnicianIndexes.Length; slot++)
        {
            var technician = Setup.Technicians[TechnicianIndexes[slot]];
            var row = Row(TechnicianRow(slot));
            for (var day = 0; day < Grid.DayCount; day++)
            {
                foreach (var shift in technician.Shifts.On(Grid.DateOf(day).DayOfWeek))
                    SetInside(row, day, Grid.TicksAt(day, shift.Start), Grid.TicksAt(day, shift.End));
            }
            foreach (var off in technician.TimeOff)
            {
                if (off.End.Date >= firstDate && off.Start.Date <= lastDate)
                {
                    var interval = off.ToInterval(Setup.Shop.Zone);
                    ClearTouching(row, interval.Start.ToUnixTimeTicks(), interval.End.ToUnixTimeTicks());
                }
            }
        }
    }

    private void MarkWholeDays(Span<ulong> row)
    {
        for (var day = 0; day < Grid.DayCount; day++)
            BitRow.SetRange(row, Grid.Bit(day, 0), Grid.Bit(day, Grid.BucketCount(day)));
    }

    private void MarkBusy(ExistingBooking booking)
    {
        var start = booking.Start.ToUnixTimeTicks();
        var end = booking.End.ToUnixTimeTicks();
        if (end <= Grid.DayStartTicks(0) || start >= Grid.DayStartTicks(Grid.DayCount))
            return;
        var resources = booking.Resources;
        var techIndex = Setup.IndexOfTechnician(resources.TechnicianId.Value);
        var techSlot = techIndex < 0 ? -1 : techSlotBySetupIndex[techIndex];
        if (techSlot >= 0)
        {
            ClearTouching(Row(TechnicianRow(techSlot)), start, end);
            CountLabor(booking, techSlot, start);
        }
        var bayIndex = Setup.IndexOfBay(resources.BayId.Value);
        if (bayIndex >= 0 && baySlotBySetupIndex[bayIndex] >= 0)
            ClearTouching(Row(FirstBayRow + baySlotBySetupIndex[bayIndex]), start, end);
        foreach (var unit in resources.ToolUnits)
        {
            var toolSlot = Job.Tools.IndexOf(unit.Type);
            if (toolSlot >= 0 && unit.Index >= 0 && unit.Index < UnitCounts[toolSlot])
                ClearTouching(Row(UnitRow(toolSlot, unit.Index)), start, end);
        }
    }

    private void CountLabor(ExistingBooking booking, int techSlot, long start)
    {
        var day = Grid.DayOf(start);
        if (day < 0)
            return;
        labor[day * TechnicianIndexes.Length + techSlot] += booking.LaborMinutes;
        if (CapOrdinals[techSlot] == 0)
            return;
        var held = capHeld.AsSpan((day * TechnicianIndexes.Length + techSlot) * capWords, capWords);
        foreach (var ordinal in booking.Resources.CapUnits)
        {
            if (ordinal >= 0 && ordinal < CapOrdinals[techSlot])
                held[ordinal >> 6] |= 1UL << (ordinal & 63);
        }
    }

    private void SetInside(Span<ulong> row, int day, long fromTicks, long toTicks)
    {
        var (from, to) = Grid.BucketsInside(day, fromTicks, toTicks);
        BitRow.SetRange(row, Grid.Bit(day, from), Grid.Bit(day, to));
    }

    private void ClearTouching(Span<ulong> row, long fromTicks, long toTicks)
    {
        var first = Math.Max(0, Grid.DayOf(Math.Max(fromTicks, Grid.DayStartTicks(0))));
        for (var day = first; day < Grid.DayCount && Grid.DayStartTicks(day) < toTicks; day++)
        {
            var (from, to) = Grid.BucketsTouching(day, fromTicks, toTicks);
            BitRow.ClearRange(row, Grid.Bit(day, from), Grid.Bit(day, to));
        }
    }

    private static int CapOrdinalsOf(ShopSetup setup, int techIndex) =>
        setup.Technicians[techIndex].DailyCap is { } cap ? (int)(cap / setup.Shop.SlotGranularity) : 0;

    private static int[] SlotLookup(int count, int[] slots)
    {
        var lookup = Enumerable.Repeat(-1, count).ToArray();
        for (var slot = 0; slot < slots.Length; slot++)
            lookup[slots[slot]] = slot;
        return lookup;
    }
}
