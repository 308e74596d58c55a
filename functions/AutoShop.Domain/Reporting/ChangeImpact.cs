using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Reporting;

/// <summary>Technician time released by cancellations and reschedules, and how much of it was booked again.</summary>
internal static class ChangeImpact
{
    private sealed record FreedSlot(AppointmentId Appointment, TechnicianId Technician, Interval Slot, Instant ReleasedAt, bool ByCancellation);

    public static ChangeImpactFigures Compute(ReportingPeriod period, Duration lateWindow,
        IReadOnlyCollection<AppointmentFact> appointments, IEnumerable<ChangeFact> changes)
    {
        var cancelled = appointments
            .Where(a => a.Status == AppointmentStatus.Cancelled && a.CancelledAt is not null)
            .Select(a => new FreedSlot(a.Id, a.Technician, a.Interval, a.CancelledAt!.Value, true));
        // A reschedule releases the slot the appointment had before it (from the record's "before" summary).
        var moved = changes
            .Where(c => c.Action == AuditAction.Rescheduled && c.Before is not null)
            .Select(c => new FreedSlot(c.AppointmentId, c.Before!.Technician, c.Before.Interval, c.At, false));
        var freed = cancelled.Concat(moved).Where(f => period.Contains(f.Slot.Start)).ToList();
        var active = appointments.Where(a => a.Status != AppointmentStatus.Cancelled).ToList();

        var measured = freed.Select(f => (Slot: f, Refill: RefilledBy(f, active), Late: f.Slot.Start - f.ReleasedAt < lateWindow)).ToList();
        return new ChangeImpactFigures(
            Sum(measured),
            Sum(measured.Where(m => m.Slot.ByCancellation)),
            Sum(measured.Where(m => !m.Slot.ByCancellation)));
    }

    /// <summary>How much of the released slot later bookings of the same technician cover.</summary>
    private static Duration RefilledBy(FreedSlot freed, IEnumerable<AppointmentFact> active) =>
        Intervals.Covered(freed.Slot, active
            .Where(a => a.Technician == freed.Technician && a.Id != freed.Appointment && a.CreatedAt > freed.ReleasedAt
                && Intervals.Overlap(a.Interval, freed.Slot))
            .Select(a => a.Interval));

    private static FreedTime Sum(IEnumerable<(FreedSlot Slot, Duration Refill, bool Late)> slots)
    {
        var list = slots.ToList();
        return new FreedTime(
            list.Count, KpiCalculator.Round2(list.Sum(s => s.Slot.Slot.Duration.TotalHours)),
            list.Count(s => s.Late), KpiCalculator.Round2(list.Where(s => s.Late).Sum(s => s.Slot.Slot.Duration.TotalHours)),
            list.Count(s => s.Refill > Duration.Zero), KpiCalculator.Round2(list.Sum(s => s.Refill.TotalHours)));
    }
}
