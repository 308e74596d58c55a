using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Idempotency;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.Operability;
using AutoShop.Functions.SelfService;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Booking;

[Tags("Appointments")]
public sealed class AppointmentFunctions(
    IShopStore shops, IScheduleStore schedule, AppointmentBooking booking, AppointmentChanges changes, ManageLinks links, PartsOutlook parts, TimeProvider clock)
{
    /// <summary>The largest booking body accepted; larger ones get 413 before anything is read into the domain.</summary>
    public const long MaxBookingBodyBytes = 32 * 1024;

    [Function("BookAppointment")]
    [Idempotent("book-appointment", MaxBookingBodyBytes)]
    [EndpointSummary("Books services as one job at a shop-local start; assigns technician, bay and tools")]
    [EndpointDescription("Honours `Idempotency-Key`: a retry with the same key and body replays the first answer; the same key with another body is 422; while the first is running, 409. A taken slot answers 409 with up to three nearest alternatives and writes nothing.")]
    [JsonBody(typeof(BookAppointmentRequest))]
    public async Task<Results<Created<AppointmentDto>, ValidationProblem, ProblemHttpResult>> BookAppointment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appointments")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadJsonAsync<BookAppointmentRequest>(ct, MaxBookingBodyBytes);
        var idErrors = BookingRequestReader.ReadShopId(request, out var shopId);
        if (idErrors.Count > 0) return TypedResults.ValidationProblem(idErrors);
        var setup = await shops.GetAsync(shopId, ct);
        if (setup is null) return Problems.Unprocessable("shopId", $"No shop '{shopId}'.");
        var errors = BookingRequestReader.Read(request, setup, clock, out var input);
        if (input is null) return TypedResults.ValidationProblem(errors);

        var actor = Actor.Customer(input.Customer.Email?.Value ?? input.Customer.Phone!.E164);
        var retryDigest = req.HttpContext.Features.Get<IdempotencyKeyFeature>()?.Digest();
        return await booking.BookAsync(setup, input, actor, CorrelationId.Of(req.HttpContext), ct, retryDigest) switch
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

    [Function("GetAppointment")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("One appointment, as it is now")]
    public async Task<Results<Ok<AppointmentDto>, ProblemHttpResult>> GetAppointment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/appointments/{appointmentId}")] HttpRequest req, string appointmentId) =>
        await AppointmentLookup.FindAsync(appointmentId, schedule, req.HttpContext.RequestAborted) is { } stored
            ? TypedResults.Ok(AppointmentDto.From(stored.Appointment))
            : AppointmentLookup.NotFound(appointmentId);

    [Function("CheckInAppointment")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("The customer arrived")]
    [JsonBody(typeof(StaffChangeRequest), Optional = true)]
    public Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> CheckInAppointment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appointments/{appointmentId}/check-in")] HttpRequest req, string appointmentId) =>
        ChangeAsync(req, appointmentId, reasonRequired: false, (a, actor, _, time) => a.CheckIn(actor, time));

    [Function("CompleteAppointment")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("The work is done")]
    [JsonBody(typeof(StaffChangeRequest), Optional = true)]
    public Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> CompleteAppointment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appointments/{appointmentId}/complete")] HttpRequest req, string appointmentId) =>
        ChangeAsync(req, appointmentId, reasonRequired: false, (a, actor, _, time) => a.Complete(actor, time));

    [Function("MarkAppointmentNoShow")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("The customer did not come (after the start time; reason code required)")]
    [JsonBody(typeof(StaffChangeRequest), Optional = true)]
    public Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> MarkAppointmentNoShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appointments/{appointmentId}/no-show")] HttpRequest req, string appointmentId) =>
        ChangeAsync(req, appointmentId, reasonRequired: true, (a, actor, reason, time) => a.MarkNoShow(actor, reason!.Value, time));

    [Function("CancelAppointmentByStaff")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("Staff cancellation (reason code required); frees the slot at once")]
    [JsonBody(typeof(StaffChangeRequest), Optional = true)]
    public Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> CancelAppointmentByStaff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appointments/{appointmentId}/cancel")] HttpRequest req, string appointmentId) =>
        ChangeAsync(req, appointmentId, reasonRequired: true, (a, actor, reason, time) => a.Cancel(actor, reason!.Value, time));

    private async Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> ChangeAsync(
        HttpRequest req, string appointmentId, bool reasonRequired, AppointmentChanges.Change change)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadOptionalJsonAsync<StaffChangeRequest>(ct);
        return await changes.ApplyAsync(appointmentId, request, reasonRequired, Actor.Staff(req.HttpContext.User.StaffId()), CorrelationId.Of(req.HttpContext), change, ct);
    }
}
