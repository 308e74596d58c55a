using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Domain.SelfService;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using NodaTime;

namespace AutoShop.Functions.SelfService;

/// <summary>The same customer actions as the manage page, as JSON for apps: the link token is the credential.</summary>
[Tags("Self-service")]
[EnableRateLimiting(RateLimits.Tokens)]
public sealed class SelfServiceFunctions(CustomerActions actions, TimeProvider clock)
{
    public sealed record SelfServiceView(AppointmentDto Appointment, string Reschedule, string Cancel, int MaxSelfReschedules);
    public sealed record RescheduleBody(string? Start, int Version);
    public sealed record CancelBody(string? ReasonCode, int Version);
    public sealed record ExceptionBody(string? Action, string? Start, string? ReasonCode, string? Reason, int Version);

    [Function("GetSelfService")]
    [EndpointSummary("The appointment behind a manage link and what its holder may do (allowed, inside-window, too-many-reschedules, not-changeable)")]
    public async Task<Results<Ok<SelfServiceView>, ProblemHttpResult>> GetSelfService(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/self-service/{token}")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var (problem, context) = await actions.ResolveAsync(token, ct);
        if (context is null) return LinkRefusals.Problem(problem);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        return TypedResults.Ok(new SelfServiceView(AppointmentDto.From(context.Appointment), Wire(context.Policy.CheckReschedule(context.Appointment, now)),
            Wire(context.Policy.CheckCancel(context.Appointment, now)), context.Policy.For(context.Appointment.ServiceCodes).MaxSelfReschedules));
    }

    [Function("SelfServiceReschedule")]
    [EndpointSummary("Moves the appointment (version must match; within policy)")]
    [JsonBody(typeof(RescheduleBody))]
    public async Task<Results<Ok<AppointmentDto>, Accepted<ApprovalDto>, ProblemHttpResult, ValidationProblem>> SelfServiceReschedule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/self-service/{token}/reschedule")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<RescheduleBody>(ct);
        return await ActAsync(token, ct, context => BookingRequestReader.ReadStart(body.Start, context.Setup.Shop.Zone, new()) is { } start
            ? actions.RescheduleAsync(context, start, body.Version, CorrelationId.Of(req.HttpContext), ct)
            : Task.FromResult<CustomerOutcome>(new CustomerInvalid("start", "is required as a shop-local date-time, e.g. 2026-12-01T09:30.")));
    }

    [Function("SelfServiceCancel")]
    [EndpointSummary("Cancels with a customer reason code (customer-request, schedule-conflict, vehicle-not-ready, weather, duplicate, other)")]
    [JsonBody(typeof(CancelBody))]
    public async Task<Results<Ok<AppointmentDto>, Accepted<ApprovalDto>, ProblemHttpResult, ValidationProblem>> SelfServiceCancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/self-service/{token}/cancel")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<CancelBody>(ct);
        return await ActAsync(token, ct, context => actions.CancelAsync(context, body.ReasonCode, body.Version, CorrelationId.Of(req.HttpContext), ct));
    }

    [Function("SelfServiceRequestException")]
    [EndpointSummary("Asks staff for an exception to the policy (action reschedule|cancel); 409 with the pending request while one is waiting")]
    [JsonBody(typeof(ExceptionBody))]
    public async Task<Results<Ok<AppointmentDto>, Accepted<ApprovalDto>, ProblemHttpResult, ValidationProblem>> SelfServiceRequestException(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/self-service/{token}/exception")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<ExceptionBody>(ct);
        return await ActAsync(token, ct, context =>
        {
            var cancel = body.Action == "cancel";
            if (!cancel && body.Action != "reschedule") return Task.FromResult<CustomerOutcome>(new CustomerInvalid("action", "must be 'reschedule' or 'cancel'."));
            var start = cancel ? null : BookingRequestReader.ReadStart(body.Start, context.Setup.Shop.Zone, new());
            var reason = ReasonCode.TryParse(body.ReasonCode).TryGetValue(out var code, out _) ? code : (ReasonCode?)null;
            return actions.RequestExceptionAsync(context, new RequestedChange(cancel ? RequestedAction.Cancel : RequestedAction.Reschedule, start, reason),
                body.Reason, body.Version, CorrelationId.Of(req.HttpContext), ct);
        });
    }

    private async Task<Results<Ok<AppointmentDto>, Accepted<ApprovalDto>, ProblemHttpResult, ValidationProblem>> ActAsync(
        string token, CancellationToken ct, Func<ManageContext, Task<CustomerOutcome>> act)
    {
        var (problem, context) = await actions.ResolveAsync(token, ct);
        if (context is null) return LinkRefusals.Problem(problem);
        return await act(context) switch
        {
            CustomerDone done => TypedResults.Ok(AppointmentDto.From(done.Appointment)),
            CustomerRequested r => TypedResults.Accepted((string?)null, ApprovalDto.From(r.Request)),
            CustomerAlreadyRequested p => Problems.Conflict("Exception already requested",
                "An exception request about this appointment is waiting for the shop's decision; you will hear from them.",
                new Dictionary<string, object?> { ["request"] = ApprovalDto.From(p.Pending) }),
            CustomerStale s => Problems.Conflict("Stale version", $"The appointment is now at version {s.Current.Version}; reload it.",
                new Dictionary<string, object?> { ["current"] = AppointmentDto.From(s.Current) }),
            CustomerOutsidePolicy p => Problems.Conflict("Outside the self-service policy", "Request an exception instead.",
                new Dictionary<string, object?> { ["verdict"] = Wire(p.Verdict) }),
            CustomerMoveFailed f => MoveProblems.From(f.Why),
            CustomerInvalid i => ValidationProblems.Invalid(i.Field, i.Message),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}"),
        };
    }

    private static string Wire(PolicyVerdict verdict) => AppointmentDto.Wire(verdict);
}
