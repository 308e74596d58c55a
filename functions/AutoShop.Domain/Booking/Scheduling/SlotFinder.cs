using System.Collections.Immutable;

namespace AutoShop.Domain.Booking.Scheduling;

/// <summary>
/// The one placement rule, shared by the availability search and the booking planner so the two
/// can never disagree. It turns every resource row of an <see cref="OccupancyIndex"/> into "a
/// whole job fits from here" and intersects them: a bit left set in <see cref="Starts"/> is a
/// start where the shop is open for the whole job, on the grid, within notice and horizon, and
/// some qualified technician (within shift, daily cap and free), bay and tool units are free.
/// </summary>
internal sealed class SlotFinder
{
    private readonly OccupancyIndex index;
    private readonly int[] techOrder;
    private int orderedDay = -1;

    public SlotFinder(OccupancyIndex index)
    {
        this.index = index;
        techOrder = new int[index.TechnicianIndexes.Length];
        var slots = index.Job.Slots;
        var starts = index.Row(OccupancyIndex.StartableRow);
        var scratch = index.Row(OccupancyIndex.ScratchRow);

        var open = index.Row(OccupancyIndex.OpenRow);
        BitRow.KeepRunStarts(open, slots);
        BitRow.And(starts, open);

        scratch.Clear();
        for (var tech = 0; tech < techOrder.Length; tech++)
        {
            var row = index.Row(index.TechnicianRow(tech));
            BitRow.KeepRunStarts(row, slots);
            for (var day = 0; day < index.Grid.DayCount; day++)
            {
                if (!CapAllows(day, tech))
                    row.Slice(day * index.Grid.WordsPerDay, index.Grid.WordsPerDay).Clear();
            }
            BitRow.Or(scratch, row);
        }
        BitRow.And(starts, scratch);

        IntersectWithAnyOf(index.FirstBayRow, index.BayIndexes.Length);
        for (var tool = 0; tool < index.UnitCounts.Length; tool++)
            IntersectWithAnyOf(index.UnitRow(tool, 0), index.UnitCounts[tool]);
    }

    public OccupancyIndex Index => index;

    /// <summary>Bits of buckets where the whole job can start.</summary>
    public ReadOnlySpan<ulong> Starts => index.Row(OccupancyIndex.StartableRow);

    /// <summary>
    /// Chooses the resources for a start in <see cref="Starts"/>: the least-loaded free technician
    /// that day (fewest booked labor minutes, then id), the first free bay and the first free unit
    /// of each tool, by id and unit number, so the same schedule always yields the same choice.
    /// </summary>
    public Placement Place(int bit)
    {
        var day = index.Grid.DayOfBit(bit);
        var tech = ChooseTechnician(day, bit);
        var bay = FirstFree(index.FirstBayRow, index.BayIndexes.Length, bit);
        var units = ImmutableArray.CreateBuilder<ToolUnit>(index.UnitCounts.Length);
        for (var tool = 0; tool < index.UnitCounts.Length; tool++)
            units.Add(new ToolUnit(index.Job.Tools[tool], FirstFree(index.UnitRow(tool, 0), index.UnitCounts[tool], bit)));
        return new Placement(bit, day, tech, bay, units.MoveToImmutable());
    }

    /// <summary>The lowest daily-cap ordinals still free for the technician that day — the ones the job will claim.</summary>
    public ImmutableArray<int> ChooseCapUnits(int day, int techSlot)
    {
        if (index.CapOrdinals[techSlot] == 0)
            return [];
        var held = index.CapHeld(day, techSlot);
        var chosen = ImmutableArray.CreateBuilder<int>(index.Job.Slots);
        for (var ordinal = 0; ordinal < index.CapOrdinals[techSlot] && chosen.Count < index.Job.Slots; ordinal++)
        {
            if (!BitRow.IsSet(held, ordinal))
                chosen.Add(ordinal);
        }
        return chosen.MoveToImmutable();
    }

    private bool CapAllows(int day, int techSlot)
    {
        if (index.Setup.Technicians[index.TechnicianIndexes[techSlot]].DailyCap is not { } cap)
            return true;
        // A cap shorter than one slot has no ordinals at all, so it admits no job.
        var capOrdinals = index.CapOrdinals[techSlot];
        var freeOrdinals = capOrdinals == 0 ? 0 : capOrdinals - BitRow.PopCount(index.CapHeld(day, techSlot), capOrdinals);
        return index.LaborOn(day, techSlot) + index.Job.LaborMinutes <= cap.TotalMinutes
            && freeOrdinals >= index.Job.Slots;
    }

    private int ChooseTechnician(int day, int bit)
    {
        if (day != orderedDay)
            OrderTechniciansByLoad(day);
        foreach (var tech in techOrder)
        {
            if (BitRow.IsSet(index.Row(index.TechnicianRow(tech)), bit))
                return tech;
        }
        throw new InvalidOperationException("A start was placed that no technician can take.");
    }

    // Insertion sort: a handful of technicians, no delegate or comparer allocation per day.
    private void OrderTechniciansByLoad(int day)
    {
        for (var i = 0; i < techOrder.Length; i++)
        {
            var load = index.LaborOn(day, i);
            var j = i;
            while (j > 0 && index.LaborOn(day, techOrder[j - 1]) > load)
            {
                techOrder[j] = techOrder[j - 1];
                j--;
            }
            techOrder[j] = i;
        }
        orderedDay = day;
    }

    private int FirstFree(int firstRow, int count, int bit)
    {
        for (var slot = 0; slot < count; slot++)
        {
            if (BitRow.IsSet(index.Row(firstRow + slot), bit))
                return slot;
        }
        throw new InvalidOperationException("A start was placed that no bay or tool unit can take.");
    }

    private void IntersectWithAnyOf(int firstRow, int count)
    {
        var scratch = index.Row(OccupancyIndex.ScratchRow);
        scratch.Clear();
        for (var row = firstRow; row < firstRow + count; row++)
        {
            BitRow.KeepRunStarts(index.Row(row), index.Job.Slots);
            BitRow.Or(scratch, index.Row(row));
        }
        BitRow.And(index.Row(OccupancyIndex.StartableRow), scratch);
    }
}

/// <summary>A start bit and the resource slots chosen for it (indexes into the occupancy index's rows).</summary>
internal readonly record struct Placement(int Bit, int Day, int TechnicianSlot, int BaySlot, ImmutableArray<ToolUnit> ToolUnits);
