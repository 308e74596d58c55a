using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using NodaTime.Text;

namespace AutoShop.Functions.Booking;

/// <summary>The day's board: every appointment per technician and per bay.</summary>
[Tags("Booking")]
public sealed class ScheduleFunctions(IShopStore shops, IScheduleStore schedule)
{
    public sealed record ScheduledJob(string AppointmentId, string Status, ShopTime Start, ShopTime End, IReadOnlyList<string> Services, string Customer, string Vehicle);

    public sealed record ResourceDay(string Id, string Name, IReadOnlyList<string> Hours, IReadOnlyList<ScheduledJob> Jobs);

    public sealed record DaySchedule(string ShopId, string Date, string TimeZone, IReadOnlyList<ResourceDay> Technicians, IReadOnlyList<ResourceDay> Bays, IReadOnlyList<ScheduledJob> Cancelled);

    [Function("GetShopSchedule")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("One shop-local day per technician and per bay (cancelled appointments listed separately)")]
    [QueryParameter("date", typeof(string), Required = true, Description = "The shop-local day, e.g. `2026-12-01`.")]
    public async Task<Results<Ok<DaySchedule>, ProblemHttpResult, ValidationProblem>> GetShopSchedule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/schedule")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        var date = req.Text("date");
        var setup = await ShopLookup.FindAsync(shopId, shops, ct);
        if (setup is null) return ShopLookup.NotFound(shopId);
        if (LocalDatePattern.Iso.Parse(date ?? "") is not { Success: true } parsed)
            return ValidationProblems.Invalid("date", "is required as a shop-local date, e.g. 2026-12-01.");
        if (!RequestDates.Contains(parsed.Value))
            return ValidationProblems.Invalid("date", RequestDates.OutOfRangeMessage);
        var day = parsed.Value;
        var appointments = await schedule.ListDayAsync(setup.Shop.Id, day, ct);
        var zone = setup.Shop.Zone;
        ScheduledJob Job(Appointment a) => new(a.Id.Value, AppointmentDto.Wire(a.Status), ShopTime.Of(a.Start, zone), ShopTime.Of(a.End, zone),
            [.. a.ServiceCodes.Select(s => s.Value)], a.Customer.Name, $"{a.Vehicle.Year} {a.Vehicle.Make} {a.Vehicle.Model}");
        var active = appointments.Where(a => a.HoldsResources).OrderBy(a => a.Start).ToList();
        return TypedResults.Ok(new DaySchedule(setup.Shop.Id.Value, LocalDatePattern.Iso.Format(day), zone.Id,
            [.. setup.Technicians.Select(t => new ResourceDay(t.Id.Value, t.Name,
                [.. t.Shifts.On(day.DayOfWeek).Select(r => $"{r.Start:HH:mm}-{r.End:HH:mm}")],
                [.. active.Where(a => a.Resources.TechnicianId == t.Id).Select(Job)]))],
            [.. setup.Bays.Select(b => new ResourceDay(b.Id.Value, b.Name,
                [.. setup.Shop.OpeningHours.On(day.DayOfWeek).Select(r => $"{r.Start:HH:mm}-{r.End:HH:mm}")],
                [.. active.Where(a => a.Resources.BayId == b.Id).Select(Job)]))],
            [.. appointments.Where(a => a.Status == AppointmentStatus.Cancelled).Select(Job)]));
    }
}
