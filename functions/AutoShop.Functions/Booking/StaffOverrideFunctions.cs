using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Booking;

/// <summary>Staff may move any appointment outside the self-service policy — never beyond capacity.</summary>
[Tags("Appointments")]
public sealed class StaffOverrideFunctions(IScheduleStore schedule, IShopStore shops, AppointmentMoves moves)
{
    public sealed record StaffRescheduleRequest(string? Start, string? ReasonCode, int? ExpectedVersion);

    [Function("RescheduleAppointmentByStaff")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("Staff override: move an appointment to a new shop-local start (reason code required; capacity is still enforced)")]
    [JsonBody(typeof(StaffRescheduleRequest))]
    public async Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> RescheduleAppointmentByStaff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appointments/{appointmentId}/reschedule")] HttpRequest req, string appointmentId)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadJsonAsync<StaffRescheduleRequest>(ct);
        var errors = new Dictionary<string, string[]>();
        if (!ReasonCode.TryParse(request.ReasonCode).TryGetValue(out var reason, out var reasonError)) errors[reasonError.Field] = [reasonError.Message];
        var stored = await AppointmentLookup.FindAsync(appointmentId, schedule, ct);
        if (stored is null) return AppointmentLookup.NotFound(appointmentId);
        var setup = await shops.GetAsync(stored.Appointment.ShopId, ct) ?? throw new InvalidOperationException($"Shop {stored.Appointment.ShopId} vanished.");
        var start = BookingRequestReader.ReadStart(request.Start, setup.Shop.Zone, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (request.ExpectedVersion is { } v && v != stored.Appointment.Version)
            return Problems.Conflict("Stale version", $"The appointment is at version {stored.Appointment.Version}, not {v}; reload it.");
        return await moves.RescheduleAsync(setup, stored, start!.Value, Actor.Staff(req.HttpContext.User.StaffId()), reason, CorrelationId.Of(req.HttpContext), ct) switch
        {
            Moved m => TypedResults.Ok(AppointmentDto.From(m.Appointment)),
            var other => MoveProblems.From(other),
        };
    }
}
