using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Reporting;

/// <summary>Cancellation, reschedule and no-show counts and rates over the period's appointments.</summary>
internal static class ChangeRates
{
    public static CancellationFigures Cancellations(IReadOnlyCollection<AppointmentFact> appointments, Duration lateWindow)
    {
        var cancelled = appointments.Where(a => a.Status == AppointmentStatus.Cancelled).ToList();
        var late = cancelled.Count(a => a.CancelledAt is { } at && a.Start - at < lateWindow);
        return new CancellationFigures(cancelled.Count, KpiCalculator.Ratio(cancelled.Count, appointments.Count),
            late, KpiCalculator.Ratio(late, appointments.Count),
            KpiCalculator.CountsBy(cancelled, a => a.CancellationReason?.Value ?? "unknown"),
            KpiCalculator.CountsBy(cancelled, a => a.CancelledBy is { } kind ? KpiCalculator.Wire(kind) : "unknown"));
    }

    public static RescheduleFigures Reschedules(IReadOnlyCollection<AppointmentFact> appointments, IEnumerable<ChangeFact> changes)
    {
        var ids = appointments.Select(a => a.Id).ToHashSet();
        var reschedules = changes.Where(c => c.Action == AuditAction.Rescheduled && ids.Contains(c.AppointmentId)).ToList();
        var moved = reschedules.Select(r => r.AppointmentId).Distinct().Count();
        return new RescheduleFigures(reschedules.Count, moved, KpiCalculator.Ratio(moved, appointments.Count),
            KpiCalculator.Ratio(reschedules.Count, appointments.Count),
            KpiCalculator.CountsBy(reschedules, r => KpiCalculator.Wire(r.ActorKind)));
    }

    public static NoShowFigures NoShows(IReadOnlyCollection<AppointmentFact> appointments)
    {
        var expected = appointments.Count(a => a.Status != AppointmentStatus.Cancelled);
        var noShows = appointments.Count(a => a.Status == AppointmentStatus.NoShow);
        return new NoShowFigures(noShows, expected, KpiCalculator.Ratio(noShows, expected));
    }
}
