using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Idempotency;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;

namespace AutoShop.Functions.Booking;

public static class AppointmentsApi
{
    /// <summary>The largest booking body accepted; larger ones get 413 before anything is read into the domain.</summary>
    public const long MaxBookingBodyBytes = 32 * 1024;

    public static IEndpointRouteBuilder MapAppointments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/appointments").WithTags("Appointments");
        group.MapPost("/", Book)
            .WithName("BookAppointment")
            .WithSummary("Books services as one job at a shop-local start; assigns technician, bay and tools")
            .WithDescription("Honours `Idempotency-Key`: a retry with the same key and body replays the first answer; the same key with another body is 422; while the first is running, 409. A taken slot answers 409 with up to three nearest alternatives and writes nothing.")
            .WithIdempotency("book-appointment", MaxBookingBodyBytes);
        var staff = group.MapGroup("/").RequireAuthorization(StaffPolicy.Name);
        staff.MapGet("/{appointmentId}", Get).WithName("GetAppointment").WithSummary("One appointment, as it is now");
        staff.MapPost("/{appointmentId}/check-in", CheckIn).WithName("CheckInAppointment").WithSummary("The customer arrived");
        staff.MapPost("/{appointmentId}/complete", Complete).WithName("CompleteAppointment").WithSummary("The work is done");
        staff.MapPost("/{appointmentId}/no-show", NoShow).WithName("MarkAppointmentNoShow").WithSummary("The customer did not come (after the start time; reason code required)");
        staff.MapPost("/{appointmentId}/cancel", Cancel).WithName("CancelAppointmentByStaff").WithSummary("Staff cancellation (reason code required); frees the slot at once");
        return app;
    }

    public static async Task<Results<Created<AppointmentDto>, ValidationProblem, ProblemHttpResult>> Book(
        BookAppointmentRequest request, IShopStore shops, AppointmentBooking booking, SelfService.ManageLinks links, Inventory.PartsOutlook parts,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var idErrors = BookingRequestReader.ReadShopId(request, out var shopId);
        if (idErrors.Count > 0) return TypedResults.ValidationProblem(idErrors);
        var setup = await shops.GetAsync(shopId, ct);
        if (setup is null) return Problems.Unprocessable("shopId", $"No shop '{shopId}'.");
        var errors = BookingRequestReader.Read(request, setup, clock, out var input);
        if (input is null) return TypedResults.ValidationProblem(errors);

        var actor = Actor.Customer(input.Customer.Email?.Value ?? input.Customer.Phone!.E164);
        var retryDigest = http.Features.Get<IdempotencyKeyFeature>()?.Digest();
        return await booking.BookAsync(setup, input, actor, CorrelationId.Of(http), ct, retryDigest) switch
        {
            Booked b => TypedResults.Created($"/api/appointments/{b.Appointment.Id}", AppointmentDto.From(b.Appointment) with
            {
                ManageUrl = links.Url(b.Appointment),
                PartsWarnings = await parts.WarningsAsync(setup, b.Appointment.ServiceCodes, ct),
            }),
            SlotUnavailable s => Problems.Conflict("Slot taken", "No technician, bay and tools are free for that start.",
                new Dictionary<string, object?> { ["alternatives"] = s.Alternatives.Select(SlotOffer.From).ToList() }),
            Rejected r => Problems.Unprocessable(r.Rejection.Field == "serviceCodes" ? "services" : r.Rejection.Field, r.Rejection.Message, "The booking breaks a scheduling rule"),
            var other => throw new InvalidOperationException($"Unexpected booking outcome {other}"),
        };
    }

    public static async Task<Results<Ok<AppointmentDto>, ProblemHttpResult>> Get(string appointmentId, IScheduleStore schedule, CancellationToken ct) =>
        await Find(appointmentId, schedule, ct) is { } stored ? TypedResults.Ok(AppointmentDto.From(stored.Appointment)) : NotFound(appointmentId);

    public static Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> CheckIn(
        string appointmentId, StaffChangeRequest? request, AppointmentChanges changes, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        changes.ApplyAsync(appointmentId, request, reasonRequired: false, Actor.Staff(user.StaffId()), CorrelationId.Of(http),
            (a, actor, _, clock) => a.CheckIn(actor, clock), ct);

    public static Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> Complete(
        string appointmentId, StaffChangeRequest? request, AppointmentChanges changes, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        changes.ApplyAsync(appointmentId, request, reasonRequired: false, Actor.Staff(user.StaffId()), CorrelationId.Of(http),
            (a, actor, _, clock) => a.Complete(actor, clock), ct);

    public static Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> NoShow(
        string appointmentId, StaffChangeRequest? request, AppointmentChanges changes, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        changes.ApplyAsync(appointmentId, request, reasonRequired: true, Actor.Staff(user.StaffId()), CorrelationId.Of(http),
            (a, actor, reason, clock) => a.MarkNoShow(actor, reason!.Value, clock), ct);

    public static Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> Cancel(
        string appointmentId, StaffChangeRequest? request, AppointmentChanges changes, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        changes.ApplyAsync(appointmentId, request, reasonRequired: true, Actor.Staff(user.StaffId()), CorrelationId.Of(http),
            (a, actor, reason, clock) => a.Cancel(actor, reason!.Value, clock), ct);

    internal static async Task<StoredAppointment?> Find(string appointmentId, IScheduleStore schedule, CancellationToken ct) =>
        AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _) ? await schedule.FindAsync(id, ct) : null;

    internal static ProblemHttpResult NotFound(string appointmentId) =>
        Problems.NotFound("Appointment not found", $"No appointment '{appointmentId}'.");
}
