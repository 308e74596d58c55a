using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Domain.SelfService;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Links;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace AutoShop.Functions.SelfService;

/// <summary>The same customer actions as the manage page, as JSON for apps: the link token is the credential.</summary>
public static class SelfServiceApi
{
    public sealed record SelfServiceView(AppointmentDto Appointment, string Reschedule, string Cancel, int MaxSelfReschedules);
    public sealed record RescheduleBody(string? Start, int Version);
    public sealed record CancelBody(string? ReasonCode, int Version);
    public sealed record ExceptionBody(string? Action, string? Start, string? ReasonCode, string? Reason, int Version);

    public static IEndpointRouteBuilder MapSelfServiceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/self-service/{token}").WithTags("Self-service").RequireRateLimiting(RateLimits.Tokens);
        group.MapGet("/", Get).WithName("GetSelfService")
            .WithSummary("The appointment behind a manage link and what its holder may do (allowed, inside-window, too-many-reschedules, not-changeable)");
        group.MapPost("/reschedule", Reschedule).WithName("SelfServiceReschedule").WithSummary("Moves the appointment (version must match; within policy)");
        group.MapPost("/cancel", Cancel).WithName("SelfServiceCancel").WithSummary("Cancels with a customer reason code (customer-request, schedule-conflict, vehicle-not-ready, weather, duplicate, other)");
        group.MapPost("/exception", RequestException).WithName("SelfServiceRequestException")
            .WithSummary("Asks staff for an exception to the policy (action reschedule|cancel); 409 with the pending request while one is waiting");
        return app;
    }

    public static async Task<Results<Ok<SelfServiceView>, ProblemHttpResult>> Get(string token, CustomerActions actions, TimeProvider clock, CancellationToken ct)
    {
        var (problem, context) = await actions.ResolveAsync(token, ct);
        if (context is null) return LinkProblem(problem);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        return TypedResults.Ok(new SelfServiceView(AppointmentDto.From(context.Appointment), Wire(context.Policy.CheckReschedule(context.Appointment, now)),
            Wire(context.Policy.CheckCancel(context.Appointment, now)), context.Policy.For(context.Appointment.ServiceCodes).MaxSelfReschedules));
    }

    public static Task<Results<Ok<AppointmentDto>, Accepted<ApprovalDto>, ProblemHttpResult, ValidationProblem>> Reschedule(
        string token, RescheduleBody body, CustomerActions actions, HttpContext http, CancellationToken ct) =>
        Act(token, actions, ct, context => BookingRequestReader.ReadStart(body.Start, context.Setup.Shop.Zone, new()) is { } start
            ? actions.RescheduleAsync(context, start, body.Version, CorrelationId.Of(http), ct)
            : Task.FromResult<CustomerOutcome>(new CustomerInvalid("start", "is required as a shop-local date-time, e.g. 2026-12-01T09:30.")));

    public static Task<Results<Ok<AppointmentDto>, Accepted<ApprovalDto>, ProblemHttpResult, ValidationProblem>> Cancel(
        string token, CancelBody body, CustomerActions actions, HttpContext http, CancellationToken ct) =>
        Act(token, actions, ct, context => actions.CancelAsync(context, body.ReasonCode, body.Version, CorrelationId.Of(http), ct));

    public static Task<Results<Ok<AppointmentDto>, Accepted<ApprovalDto>, ProblemHttpResult, ValidationProblem>> RequestException(
        string token, ExceptionBody body, CustomerActions actions, HttpContext http, CancellationToken ct) =>
        Act(token, actions, ct, context =>
        {
            var cancel = body.Action == "cancel";
            if (!cancel && body.Action != "reschedule") return Task.FromResult<CustomerOutcome>(new CustomerInvalid("action", "must be 'reschedule' or 'cancel'."));
            var start = cancel ? null : BookingRequestReader.ReadStart(body.Start, context.Setup.Shop.Zone, new());
            var reason = ReasonCode.TryParse(body.ReasonCode).TryGetValue(out var code, out _) ? code : (ReasonCode?)null;
            return actions.RequestExceptionAsync(context, new RequestedChange(cancel ? RequestedAction.Cancel : RequestedAction.Reschedule, start, reason),
                body.Reason, body.Version, CorrelationId.Of(http), ct);
        });

    private static async Task<Results<Ok<AppointmentDto>, Accepted<ApprovalDto>, ProblemHttpResult, ValidationProblem>> Act(
        string token, CustomerActions actions, CancellationToken ct, Func<ManageContext, Task<CustomerOutcome>> act)
    {
        var (problem, context) = await actions.ResolveAsync(token, ct);
        if (context is null) return LinkProblem(problem);
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
            CustomerInvalid i => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [i.Field] = [i.Message] }),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}"),
        };
    }

    public static ProblemHttpResult LinkProblem(Links.LinkProblem problem) => problem == Links.LinkProblem.Expired
        ? TypedResults.Problem(title: "Link expired", detail: "This link has expired.", statusCode: StatusCodes.Status410Gone)
        : TypedResults.Problem(title: "Link not valid", detail: "This link is not valid for this action.", statusCode: StatusCodes.Status403Forbidden);

    private static string Wire(PolicyVerdict verdict) => AppointmentDto.Wire(verdict);
}
