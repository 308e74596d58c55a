using System.Security.Claims;
using AutoShop.Domain;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime.Text;

namespace AutoShop.Functions.Approvals;

/// <summary>Staff's exception queue and decisions by API.</summary>
public static class ApprovalsApi
{
    private const int MaxAgeHours = 24 * 366;

    public sealed record DecisionBody(string? Decision, string? ReasonCode, string? Note, string? Start);

    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/approvals").WithTags("Approvals").RequireAuthorization(StaffPolicy.Name);
        group.MapGet("/", List).WithName("ListApprovals")
            .WithSummary("The exception queue of a shop: filter by status (pending, approved, denied, expired, withdrawn) and minimum age in hours");
        group.MapGet("/{requestId}", Get).WithName("GetApproval").WithSummary("One exception request");
        group.MapPost("/{requestId}/decision", Decide).WithName("DecideApproval")
            .WithSummary("Approve or deny (reason code required). Approval re-checks capacity; if the slot is gone the answer is 409 with alternatives — decide again with one as `start`.");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ApprovalDto>>, ProblemHttpResult, ValidationProblem>> List(
        string? shopId, string? status, int? minAgeHours, IShopStore shops, ApprovalStore store, TimeProvider clock, CancellationToken ct)
    {
        if (await ShopLookup.FindAsync(shopId ?? "", shops, ct) is not { } setup) return ShopLookup.NotFound(shopId ?? "");
        ApprovalStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ApprovalStatus>(status, ignoreCase: true, out var s))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["must be pending, approved, denied, expired or withdrawn."] });
            wanted = s;
        }
        // Requests live at most a few days; a larger age is a typo, and one past TimeSpan's range used to fail as a 500.
        if (minAgeHours is < 0 or > MaxAgeHours)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["minAgeHours"] = [$"must be between 0 and {MaxAgeHours}."] });
        var now = clock.GetUtcNow();
        var from = LocalDatePattern.Iso.Format(NodaTime.Instant.FromDateTimeOffset(now).InZone(setup.Shop.Zone).Date.PlusDays(-60));
        var requests = await store.ListAsync(setup.Shop.Id, from, ct);
        return TypedResults.Ok<IReadOnlyList<ApprovalDto>>([.. requests
            .Where(r => wanted is null || r.Status == wanted)
            .Where(r => minAgeHours is null || now - r.CreatedAt.ToDateTimeOffset() >= TimeSpan.FromHours(minAgeHours.Value))
            .Select(ApprovalDto.From)]);
    }

    public static async Task<Results<Ok<ApprovalDto>, ProblemHttpResult>> Get(string requestId, ApprovalStore store, CancellationToken ct) =>
        await store.FindAsync(requestId, ct) is { } r ? TypedResults.Ok(ApprovalDto.From(r)) : Problems.NotFound("Request not found", $"No exception request '{requestId}'.");

    public static async Task<Results<Ok<ApprovalDto>, ProblemHttpResult, ValidationProblem>> Decide(string requestId, DecisionBody body, ApprovalStore store,
        ApprovalService approvals, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var request = await store.FindAsync(requestId, ct);
        if (request is null) return Problems.NotFound("Request not found", $"No exception request '{requestId}'.");
        var errors = new Dictionary<string, string[]>();
        if (body.Decision is not ("approve" or "deny")) errors["decision"] = ["must be 'approve' or 'deny'."];
        if (!ReasonCode.TryParse(body.ReasonCode).TryGetValue(out var reason, out var reasonError)) errors[reasonError.Field] = [reasonError.Message];
        NodaTime.LocalDateTime? start = null;
        if (body.Start is not null)
        {
            if (LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(body.Start) is not { Success: true } p)
                errors["start"] = ["must be a shop-local date-time like 2026-12-01T09:30."];
            else if (!RequestDates.Contains(p.Value)) errors["start"] = [RequestDates.OutOfRangeMessage];
            else start = p.Value;
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await approvals.DecideAsync(request, body.Decision == "approve", Actor.Staff(user.StaffId()), reason, body.Note, start, CorrelationId.Of(http), ct) switch
        {
            DecisionRecorded r => TypedResults.Ok(ApprovalDto.From(r.Request)),
            AlreadyDecided d => Problems.Conflict("Already decided", $"The request is {d.Request.Status.ToString().ToLowerInvariant()}" +
                (d.Request.Decision is { } x ? $" by {x.By.Id} at {x.At}." : "."), new Dictionary<string, object?> { ["request"] = ApprovalDto.From(d.Request) }),
            SlotGone g => MoveProblems.From(g.Why),
            var other => throw new InvalidOperationException($"Unexpected decision outcome {other}"),
        };
    }
}
