using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Inventory;

/// <summary>The parts desk's queue: requests raised by shortages, moved Open → Ordered → Received (or Cancelled); each move audited.</summary>
[Tags("Inventory")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class ProcurementFunctions(IShopStore shops, TableProcurementStore procurement, ProcurementMoves moves)
{
    [Function("ListProcurementRequests")]
    [EndpointSummary("Procurement requests, earliest need first; filter with status=open|ordered|received|cancelled")]
    [QueryParameter("status", typeof(string), Description = "open, ordered, received or cancelled; without it, every request.")]
    public async Task<Results<Ok<IReadOnlyList<ProcurementRequestDto>>, ProblemHttpResult, ValidationProblem>> ListProcurementRequests(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/procurement-requests")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        ProcurementStatus? filter = null;
        if (req.QueryText("status") is { } status)
        {
            if (!Enum.TryParse<ProcurementStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return ValidationProblems.Invalid("status", "must be open, ordered, received or cancelled.");
            filter = parsed;
        }
        return TypedResults.Ok<IReadOnlyList<ProcurementRequestDto>>([.. (await procurement.ListAsync(setup.Shop.Id, filter, ct)).Select(ProcurementRequestDto.From)]);
    }

    [Function("GetProcurementRequest")]
    [EndpointSummary("One procurement request with its linked job cards")]
    public async Task<Results<Ok<ProcurementRequestDto>, ProblemHttpResult>> GetProcurementRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/procurement-requests/{requestId}")] HttpRequest req,
        string shopId, string requestId) =>
        ShopId.TryParse(shopId).TryGetValue(out var shop, out _) && await procurement.GetAsync(shop, requestId, req.HttpContext.RequestAborted) is { } request
            ? TypedResults.Ok(ProcurementRequestDto.From(request))
            : NotFound(requestId);

    [Function("UpdateProcurementRequest")]
    [EndpointSummary("Move a request on (ordered, received, cancelled) with a reason code; linked job cards show 'on order' once ordered")]
    [JsonBody(typeof(ProcurementUpdateRequest))]
    public async Task<Results<Ok<ProcurementRequestDto>, ProblemHttpResult, ValidationProblem>> UpdateProcurementRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shops/{shopId}/procurement-requests/{requestId}/status")] HttpRequest req,
        string shopId, string requestId)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<ProcurementUpdateRequest>(ct);
        var errors = new Dictionary<string, string[]>();
        if (!ReasonCode.TryParse(body.ReasonCode).TryGetValue(out var reason, out var reasonError)) errors[reasonError.Field] = [reasonError.Message];
        if (!Enum.TryParse<ProcurementStatus>(body.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status) || status == ProcurementStatus.Open)
            errors["status"] = ["must be ordered, received or cancelled."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!ShopId.TryParse(shopId).TryGetValue(out var shop, out _)) return NotFound(requestId);
        var moved = await moves.MoveAsync(shop, requestId, status,
            new ChangeContext(Actor.Staff(req.HttpContext.User.StaffId()), reason, CorrelationId.Of(req.HttpContext)), ct);
        return moved.TryGetValue(out var request, out var refused) ? TypedResults.Ok(request) : refused;
    }

    internal static ProblemHttpResult NotFound(string requestId) => Problems.NotFound("Procurement request not found", $"No procurement request '{requestId}'.");
}
