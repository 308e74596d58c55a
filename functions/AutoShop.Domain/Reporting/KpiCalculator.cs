using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Reporting;

/// <summary>The stored facts of one shop and period that KPIs are computed from.</summary>
/// <param name="Appointments">Appointments stored on the period's days; any starting outside the period are ignored.</param>
/// <param name="Changes">Audit records of appointment changes stored on the period's days.</param>
public sealed record KpiInput(ShopSetup Setup, ReportingPeriod Period, Duration LateWindow,
    IReadOnlyCollection<AppointmentFact> Appointments, IReadOnlyCollection<ChangeFact> Changes);

/// <summary>Pure KPI arithmetic over stored facts: the same facts always give the same report.</summary>
public static class KpiCalculator
{
    public static KpiReport Compute(KpiInput input)
    {
        var period = input.Period;
        var appointments = input.Appointments.Where(a => period.Contains(a.Start)).ToList();
        return new KpiReport(
            input.Setup.Shop.Id.Value, period.Zone.Id, ReportingPeriod.Format(period.From), ReportingPeriod.Format(period.To),
            Round2(input.LateWindow.TotalHours), appointments.Count,
            LeadTimes.Compute(appointments),
            ChangeRates.Cancellations(appointments, input.LateWindow),
            ChangeRates.Reschedules(appointments, input.Changes),
            ChangeRates.NoShows(appointments),
            Utilization.Compute(input.Setup, period, appointments),
            ChangeImpact.Compute(period, input.LateWindow, appointments, input.Changes));
    }

    internal static double Round2(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    internal static double? Ratio(double part, double whole) =>
        whole == 0 ? null : Math.Round(part / whole, 4, MidpointRounding.AwayFromZero);

    internal static IReadOnlyList<CountBy> CountsBy<T>(IEnumerable<T> items, Func<T, string> key) =>
        [.. items.GroupBy(key, StringComparer.Ordinal).Select(g => new CountBy(g.Key, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)];

    internal static string Wire(ActorKind kind) => kind.ToString().ToLowerInvariant();
}
