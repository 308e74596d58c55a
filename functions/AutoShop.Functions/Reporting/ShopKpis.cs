using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Reporting;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Reporting;

/// <summary>Loads a shop's stored facts for a period, reduced to what KPIs need, and computes them.</summary>
public sealed class ShopKpis(ScheduleFacts facts, IOptions<ReportingOptions> options)
{
    public async Task<KpiReport> ComputeAsync(ShopSetup setup, ReportingPeriod period, CancellationToken ct)
    {
        var appointments = new List<AppointmentFact>();
        await foreach (var page in facts.AppointmentPagesAsync(setup.Shop.Id, period, ct))
            appointments.AddRange(page.Select(AppointmentFact.From));
        // Of the audit records, KPIs only read reschedules (cancellations and no-shows are on the appointments).
        var changes = new List<ChangeFact>();
        await foreach (var record in facts.ChangesAsync(setup.Shop.Id, period, AuditAction.Rescheduled, ct))
            if (ChangeFact.From(record) is { } change) changes.Add(change);
        return KpiCalculator.Compute(new KpiInput(setup, period, options.Value.LateWindow, appointments, changes));
    }
}
