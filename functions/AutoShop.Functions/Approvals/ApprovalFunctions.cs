using AutoShop.Domain;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using NodaTime.Text;

namespace AutoShop.Functions.Approvals;

/// <summary>Staff's exception queue and decisions by API.</summary>
[Tags("Approvals")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class ApprovalFunctions(IShopStore shops, ApprovalStore store, ApprovalService approvals, TimeProvider clock)
{
    private const int MaxAgeHours = 24 * 366;
    private static readonly LocalDateTimePattern StartPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    public sealed record DecisionBody(string? Decision, string? ReasonCode, string? Note, string? Start);

    [Function("ListApprovals")]
    [EndpointSummary("The exception queue of a shop: filter by status (pending, approved, denied, expired, withdrawn) and minimum age in hours")]
    [QueryParameter("shopId", typeof(string), Description = "The shop whose queue to list.")]
    [QueryParameter("status", typeof(string), Description = "pending, approved, denied, expired or withdrawn; all when absent.")]
    [QueryParameter("minAgeHours", typeof(int), Description = "Only requests at least this many hours old (0 to 8784).")]
    public async Task<Results<Ok<IReadOnlyList<ApprovalDto>>, ProblemHttpResult, ValidationProblem>> ListApprovals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/approvals")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var (shopId, status) = (req.QueryText("shopId"), req.QueryText("status"));
        var minAgeHours = req.QueryInt32("minAgeHours");
        if (await ShopLookup.FindAsync(shopId ?? "", shops, ct) is not { } setup) return ShopLookup.NotFound(shopId ?? "");
        ApprovalStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ApprovalStatus>(status, ignoreCase: true, out var s))
                return ValidationProblems.Invalid("status", "must be pending, approved, denied, expired or withdrawn.");
            wanted = s;
        }
        // Requests live at most a few days; a larger age is a typo, and one past TimeSpan's range used to fail as a 500.
        if (minAgeHours is < 0 or > MaxAgeHours)
            return ValidationProblems.Invalid("minAgeHours", $"must be between 0 and {MaxAgeHours}.");
        var now = clock.GetUtcNow();
        var from = LocalDatePattern.Iso.Format(NodaTime.Instant.FromDateTimeOffset(now).InZone(setup.Shop.Zone).Date.PlusDays(-60));
        var requests = await store.ListAsync(setup.Shop.Id, from, ct);
        return TypedResults.Ok<IReadOnlyList<ApprovalDto>>([.. requests
            .Where(r => wanted is null || r.Status == wanted)
            .Where(r => minAgeHours is null || now - r.CreatedAt.ToDateTimeOffset() >= TimeSpan.FromHours(minAgeHours.Value))
            .Select(ApprovalDto.From)]);
    }

    [Function("GetApproval")]
    [EndpointSummary("One exception request")]
    public async Task<Results<Ok<ApprovalDto>, ProblemHttpResult>> GetApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/approvals/{requestId}")] HttpRequest req, string requestId) =>
        await store.FindAsync(requestId, req.HttpContext.RequestAborted) is { } r ? TypedResults.Ok(ApprovalDto.From(r)) : NotFound(requestId);

    [Function("DecideApproval")]
    [EndpointSummary("Approve or deny (reason code required). Approval re-checks capacity; if the slot is gone the answer is 409 with alternatives — decide again with one as `start`.")]
    [JsonBody(typeof(DecisionBody))]
    public async Task<Results<Ok<ApprovalDto>, ProblemHttpResult, ValidationProblem>> DecideApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/approvals/{requestId}/decision")] HttpRequest req, string requestId)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<DecisionBody>(ct);
        var request = await store.FindAsync(requestId, ct);
        if (request is null) return NotFound(requestId);
        if (!TryRead(body, out var reason, out var start, out var errors)) return TypedResults.ValidationProblem(errors);
        var staff = Actor.Staff(req.HttpContext.User.StaffId());
        return await approvals.DecideAsync(request, body.Decision == "approve", staff, reason, body.Note, start, CorrelationId.Of(req.HttpContext), ct) switch
        {
            DecisionRecorded r => TypedResults.Ok(ApprovalDto.From(r.Request)),
            AlreadyDecided d => Problems.Conflict("Already decided", $"The request is {d.Request.Status.ToString().ToLowerInvariant()}" +
                (d.Request.Decision is { } x ? $" by {x.By.Id} at {x.At}." : "."), new Dictionary<string, object?> { ["request"] = ApprovalDto.From(d.Request) }),
            SlotGone g => MoveProblems.From(g.Why),
            var other => throw new InvalidOperationException($"Unexpected decision outcome {other}"),
        };
    }

    /// <summary>Every field's problem at once, as one validation answer.</summary>
    private static bool TryRead(DecisionBody body, out ReasonCode reason, out NodaTime.LocalDateTime? start, out Dictionary<string, string[]> errors)
    {
        (reason, start, errors) = (default, null, []);
        if (body.Decision is not ("approve" or "deny")) errors["decision"] = ["must be 'approve' or 'deny'."];
        if (!ReasonCode.TryParse(body.ReasonCode).TryGetValue(out var parsedReason, out var reasonError)) errors[reasonError.Field] = [reasonError.Message];
        else reason = parsedReason;
        if (body.Start is not null)
        {
            if (StartPattern.Parse(body.Start) is not { Success: true } p) errors["start"] = ["must be a shop-local date-time like 2026-12-01T09:30."];
            else if (!RequestDates.Contains(p.Value)) errors["start"] = [RequestDates.OutOfRangeMessage];
            else start = p.Value;
        }
        return errors.Count == 0;
    }

    private static ProblemHttpResult NotFound(string requestId) => Problems.NotFound("Request not found", $"No exception request '{requestId}'.");
}
