using System.Security.Claims;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Booking;

/// <summary>Staff may move any appointment outside the self-service policy — never beyond capacity.</summary>
public static class StaffOverridesApi
{
    public sealed record StaffRescheduleRequest(string? Start, string? ReasonCode, int? ExpectedVersion);

    public static IEndpointRouteBuilder MapStaffOverrides(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/appointments/{appointmentId}/reschedule", Reschedule)
            .WithName("RescheduleAppointmentByStaff")
            .WithTags("Appointments")
            .WithSummary("Staff override: move an appointment to a new shop-local start (reason code required; capacity is still enforced)")
            .RequireAuthorization(StaffPolicy.Name);
        return app;
    }

    public static async Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> Reschedule(
        string appointmentId, StaffRescheduleRequest request, IScheduleStore schedule, IShopStore shops, AppointmentMoves moves,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ReasonCode.TryParse(request.ReasonCode).TryGetValue(out var reason, out var reasonError)) errors[reasonError.Field] = [reasonError.Message];
        var stored = await AppointmentsApi.Find(appointmentId, schedule, ct);
        if (stored is null) return AppointmentsApi.NotFound(appointmentId);
        var setup = await shops.GetAsync(stored.Appointment.ShopId, ct) ?? throw new InvalidOperationException($"Shop {stored.Appointment.ShopId} vanished.");
        var start = BookingRequestReader.ReadStart(request.Start, setup.Shop.Zone, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (request.ExpectedVersion is { } v && v != stored.Appointment.Version)
            return Problems.Conflict("Stale version", $"The appointment is at version {stored.Appointment.Version}, not {v}; reload it.");
        return await moves.RescheduleAsync(setup, stored, start!.Value, Actor.Staff(user.StaffId()), reason, CorrelationId.Of(http), ct) switch
        {
            Moved m => TypedResults.Ok(AppointmentDto.From(m.Appointment)),
            var other => MoveProblems.From(other),
        };
    }
}

/// <summary>How a refused move reads as problem details, wherever it was asked for.</summary>
public static class MoveProblems
{
    public static ProblemHttpResult From(MoveOutcome outcome) => outcome switch
    {
        MoveSlotTaken s => Problems.Conflict("Slot taken", "No technician, bay and tools are free for that start.",
            new Dictionary<string, object?> { ["alternatives"] = s.Alternatives.Select(SlotOffer.From).ToList() }),
        MoveRejected r => Problems.Unprocessable(r.Rejection.Field, r.Rejection.Message, "The new time breaks a scheduling rule"),
        MoveRefused f => Problems.Conflict("Change not allowed", f.Error.Message),
        MoveRaced => Problems.Conflict("Changed meanwhile", "Another change to this appointment was saved first; reload it."),
        _ => throw new InvalidOperationException($"Not a refusal: {outcome}"),
    };
}
