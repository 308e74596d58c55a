using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Reporting;

/// <summary>Booked labor hours ÷ shift hours per technician, per day, per ISO week and in total.</summary>
internal static class Utilization
{
    public static UtilizationFigures Compute(ShopSetup setup, ReportingPeriod period, IReadOnlyCollection<AppointmentFact> appointments)
    {
        var zone = period.Zone;
        var booked = appointments.Where(a => a.Status != AppointmentStatus.Cancelled)
            .GroupBy(a => (a.Technician, a.Start.InZone(zone).Date))
            .ToDictionary(g => g.Key, g => g.Sum(a => a.LaborMinutes) / 60.0);
        // Someone who left the shop setup still did the work they were booked for: list them, with no shift hours.
        var former = appointments.Select(a => a.Technician).Distinct()
            .Where(id => setup.Technicians.All(t => t.Id != id)).Order()
            .Select(id => (Id: id, Name: id.Value, Technician: (Technician?)null));
        var technicians = setup.Technicians.Select(t => (t.Id, t.Name, Technician: (Technician?)t)).Concat(former).ToList();

        var result = new List<TechnicianUtilization>();
        double shopBooked = 0, shopShift = 0;
        foreach (var (id, name, technician) in technicians)
        {
            var days = period.Days
                .Select(d => (Date: d, Booked: booked.GetValueOrDefault((id, d)), Shift: ShiftHours(setup.Shop, technician, d, zone)))
                .ToList();
            var weeks = days.GroupBy(d => d.Date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)))
                .Select(w => Row(w.Key, w.Key.PlusDays(6), w.Sum(d => d.Booked), w.Sum(d => d.Shift)))
                .ToList();
            var (b, s) = (days.Sum(d => d.Booked), days.Sum(d => d.Shift));
            shopBooked += b;
            shopShift += s;
            result.Add(new TechnicianUtilization(id.Value, name, Cell(b, s),
                [.. days.Select(d => Row(d.Date, d.Date, d.Booked, d.Shift))], weeks));
        }
        return new UtilizationFigures(Cell(shopBooked, shopShift), result);
    }

    /// <summary>
    /// Shift ranges of the day as real instants (so DST days are what the clock says), less every
    /// time-off interval; nothing on a shop closure.
    /// </summary>
    internal static double ShiftHours(Shop shop, Technician? technician, LocalDate date, DateTimeZone zone)
    {
        if (technician is null || shop.IsClosedOn(date)) return 0;
        var timeOff = technician.TimeOff.Select(t => t.ToInterval(zone)).ToList();
        return technician.Shifts.On(date.DayOfWeek)
            .Select(r => new Interval(zone.AtLeniently(date.At(r.Start)).ToInstant(), zone.AtLeniently(date.At(r.End)).ToInstant()))
            .SelectMany(shift => Intervals.Subtract(shift, timeOff))
            .Sum(i => i.Duration.TotalHours);
    }

    private static UtilizationCell Cell(double booked, double shift) =>
        new(KpiCalculator.Round2(booked), KpiCalculator.Round2(shift), KpiCalculator.Ratio(booked, shift));

    private static UtilizationPeriod Row(LocalDate start, LocalDate end, double booked, double shift) =>
        new(ReportingPeriod.Format(start), ReportingPeriod.Format(end), KpiCalculator.Round2(booked), KpiCalculator.Round2(shift), KpiCalculator.Ratio(booked, shift));
}
