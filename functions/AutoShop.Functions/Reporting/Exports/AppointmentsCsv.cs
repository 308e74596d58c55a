using AutoShop.Domain.Booking;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Booking;

namespace AutoShop.Functions.Reporting.Exports;

/// <summary>
/// Appointments starting in the period, whatever their status, one storage page at a time. Contact
/// details (email, phone) stay out of exports; the name and vehicle identify the visit.
/// </summary>
public sealed class AppointmentsCsv(ScheduleFacts facts)
{
    public static readonly string[] Columns =
    [
        "appointment_id", "status", "start_local", "end_local", "created_at_local", "lead_time_hours", "services", "labor_minutes",
        "technician_id", "bay_id", "source", "version", "reschedule_count", "cancelled_at_local", "cancellation_reason",
        "cancelled_by_kind", "no_show_reason", "customer_name", "vehicle", "notes",
    ];

    public async Task WriteAsync(CsvWriter csv, ShopId shop, ReportingPeriod period, CancellationToken ct)
    {
        await csv.HeaderAsync(Columns, ct);
        await foreach (var page in facts.AppointmentPagesAsync(shop, period, ct))
        {
            foreach (var a in page)
            {
                var zone = period.Zone;
                csv.Text(a.Id.Value).Text(AppointmentDto.Wire(a.Status))
                    .Time(a.Start.InZone(zone).ToOffsetDateTime()).Time(a.End.InZone(zone).ToOffsetDateTime())
                    .Time(a.CreatedAt.InZone(zone).ToOffsetDateTime())
                    .Number(Math.Round(Math.Max(0, (a.Start - a.CreatedAt).TotalHours), 2))
                    .Text(string.Join(' ', a.ServiceCodes.Select(s => s.Value))).Number(a.LaborMinutes)
                    .Text(a.Resources.TechnicianId.Value).Text(a.Resources.BayId.Value).Text(AppointmentDto.Wire(a.Source))
                    .Number(a.Version).Number(a.RescheduleCount)
                    .Time(a.Cancellation?.At.InZone(zone).ToOffsetDateTime()).Text(a.Cancellation?.Reason.Value)
                    .Text(a.Cancellation?.By.Kind.ToString().ToLowerInvariant()).Text(a.NoShowReason?.Value)
                    .Text(a.Customer.Name).Text($"{a.Vehicle.Year} {a.Vehicle.Make} {a.Vehicle.Model}").Text(a.Notes);
                await csv.EndRowAsync(ct);
            }
            await csv.FlushAsync(ct);
        }
    }
}
