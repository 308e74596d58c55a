using AutoShop.Domain.Reporting;

namespace AutoShop.Functions.Reporting.Exports;

/// <summary>
/// The KPI report in long form, one figure per row: <c>metric</c>, the <c>technician_id</c> and
/// <c>period_start</c>..<c>period_end</c> it covers, a <c>key</c> (bucket, reason, actor kind or
/// cause) and the <c>value</c>. Definitions: the KPI endpoint's description.
/// </summary>
public static class KpisCsv
{
    public static readonly string[] Columns = ["metric", "technician_id", "period_start", "period_end", "key", "value"];

    public static async Task WriteAsync(CsvWriter csv, KpiReport r, CancellationToken ct)
    {
        await csv.HeaderAsync(Columns, ct);
        foreach (var (metric, technician, start, end, key, value) in Rows(r))
        {
            csv.Text(metric).Text(technician).Text(start).Text(end).Text(key).Number(value);
            await csv.EndRowAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    private static IEnumerable<(string Metric, string? Technician, string Start, string End, string? Key, double? Value)> Rows(KpiReport r)
    {
        (string, string?, string, string, string?, double?) Shop(string metric, double? value, string? key = null) => (metric, null, r.From, r.To, key, value);

        yield return Shop("appointments", r.Appointments);
        yield return Shop("late_window_hours", r.LateWindowHours);
        yield return Shop("lead_time_count", r.LeadTime.Count);
        yield return Shop("lead_time_median_hours", r.LeadTime.MedianHours);
        yield return Shop("lead_time_p90_hours", r.LeadTime.P90Hours);
        foreach (var b in r.LeadTime.Histogram) yield return Shop("lead_time_histogram", b.Count, b.Label);
        var c = r.Cancellations;
        yield return Shop("cancellations", c.Count);
        yield return Shop("cancellation_rate", c.Rate);
        yield return Shop("late_cancellations", c.Late);
        yield return Shop("late_cancellation_rate", c.LateRate);
        foreach (var x in c.ByReason) yield return Shop("cancellations_by_reason", x.Count, x.Key);
        foreach (var x in c.ByActorKind) yield return Shop("cancellations_by_actor_kind", x.Count, x.Key);
        var m = r.Reschedules;
        yield return Shop("reschedules", m.Reschedules);
        yield return Shop("appointments_rescheduled", m.AppointmentsRescheduled);
        yield return Shop("reschedule_rate", m.Rate);
        yield return Shop("reschedules_per_appointment", m.PerAppointment);
        foreach (var x in m.ByActorKind) yield return Shop("reschedules_by_actor_kind", x.Count, x.Key);
        yield return Shop("no_shows", r.NoShows.Count);
        yield return Shop("no_shows_expected", r.NoShows.Expected);
        yield return Shop("no_show_rate", r.NoShows.Rate);
        foreach (var row in Utilization(r)) yield return row;
        foreach (var (cause, freed) in new[] { ("total", r.ChangeImpact.Total), ("cancellation", r.ChangeImpact.ByCancellation), ("reschedule", r.ChangeImpact.ByReschedule) })
        {
            yield return Shop("freed_slots", freed.Slots, cause);
            yield return Shop("freed_hours", freed.Hours, cause);
            yield return Shop("freed_inside_window", freed.InsideWindow, cause);
            yield return Shop("freed_inside_window_hours", freed.InsideWindowHours, cause);
            yield return Shop("refilled_slots", freed.Refilled, cause);
            yield return Shop("refilled_hours", freed.RefilledHours, cause);
        }
    }

    private static IEnumerable<(string, string?, string, string, string?, double?)> Utilization(KpiReport r)
    {
        IEnumerable<(string, string?, string, string, string?, double?)> Cell(string? tech, string start, string end, string scope, double booked, double shift, double? ratio) =>
        [
            ("utilization_booked_hours", tech, start, end, scope, booked),
            ("utilization_shift_hours", tech, start, end, scope, shift),
            ("utilization_ratio", tech, start, end, scope, ratio),
        ];
        var shop = r.Utilization.Shop;
        foreach (var row in Cell(null, r.From, r.To, "period", shop.BookedHours, shop.ShiftHours, shop.Ratio)) yield return row;
        foreach (var t in r.Utilization.Technicians)
        {
            foreach (var row in Cell(t.TechnicianId, r.From, r.To, "period", t.Total.BookedHours, t.Total.ShiftHours, t.Total.Ratio)) yield return row;
            foreach (var w in t.Weeks)
                foreach (var row in Cell(t.TechnicianId, w.Start, w.End, "week", w.BookedHours, w.ShiftHours, w.Ratio)) yield return row;
            foreach (var d in t.Days)
                foreach (var row in Cell(t.TechnicianId, d.Start, d.End, "day", d.BookedHours, d.ShiftHours, d.Ratio)) yield return row;
        }
    }
}
