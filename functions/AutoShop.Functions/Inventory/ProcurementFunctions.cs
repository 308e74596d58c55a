using System.Security.Claims;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Inventory;

/// <summary>The parts desk's queue: requests raised by shortages, moved Open → Ordered → Received (or Cancelled); each move audited.</summary>
public static class ProcurementApi
{
    public static IEndpointRouteBuilder MapProcurementApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/shops/{shopId}/procurement-requests").WithTags("Inventory").RequireAuthorization(StaffPolicy.Name);
        group.MapGet("/", List).WithName("ListProcurementRequests").WithSummary("Procurement requests, earliest need first; filter with status=open|ordered|received|cancelled");
        group.MapGet("/{requestId}", Get).WithName("GetProcurementRequest").WithSummary("One procurement request with its linked job cards");
        group.MapPost("/{requestId}/status", Update).WithName("UpdateProcurementRequest")
            .WithSummary("Move a request on (ordered, received, cancelled) with a reason code; linked job cards show 'on order' once ordered");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ProcurementRequestDto>>, ProblemHttpResult, ValidationProblem>> List(string shopId, string? status,
        IShopStore shops, TableProcurementStore procurement, CancellationToken ct)
    {
        if (await ShopsApi.FindAsync(shopId, shops, ct) is not { } setup) return ShopsApi.ShopNotFound(shopId);
        ProcurementStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ProcurementStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["must be open, ordered, received or cancelled."] });
            filter = parsed;
        }
        return TypedResults.Ok<IReadOnlyList<ProcurementRequestDto>>([.. (await procurement.ListAsync(setup.Shop.Id, filter, ct)).Select(ProcurementRequestDto.From)]);
    }

    public static async Task<Results<Ok<ProcurementRequestDto>, ProblemHttpResult>> Get(string shopId, string requestId, TableProcurementStore procurement, CancellationToken ct) =>
        ShopId.TryParse(shopId).TryGetValue(out var shop, out _) && await procurement.GetAsync(shop, requestId, ct) is { } request
            ? TypedResults.Ok(ProcurementRequestDto.From(request))
            : NotFound(requestId);

    public static async Task<Results<Ok<ProcurementRequestDto>, ProblemHttpResult, ValidationProblem>> Update(string shopId, string requestId,
        ProcurementUpdateRequest body, TableProcurementStore procurement, JobCardPreparation preparation, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ReasonCode.TryParse(body.ReasonCode).TryGetValue(out var reason, out var reasonError)) errors[reasonError.Field] = [reasonError.Message];
        if (!Enum.TryParse<ProcurementStatus>(body.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status) || status == ProcurementStatus.Open)
            errors["status"] = ["must be ordered, received or cancelled."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!ShopId.TryParse(shopId).TryGetValue(out var shop, out _)) return NotFound(requestId);
        var moved = await procurement.MoveToAsync(shop, requestId, status, new ChangeContext(Actor.Staff(user.StaffId()), reason, CorrelationId.Of(http)), ct);
        if (moved is null) return NotFound(requestId);
        if (!moved.Value.TryGetValue(out _, out var refused)) return Problems.Conflict("Status change not allowed", refused.Message);
        // The links are fixed once the request is not Open, so this read lists every card the move concerns.
        if (await procurement.GetAsync(shop, requestId, ct) is not { } request) return NotFound(requestId);
        // Linked cards re-read the request: ordered shows "on order", cancelled shows "short" again.
        foreach (var cardId in request.Needs.Keys) await preparation.CheckPartsAsync(AppointmentId.Parse(cardId), ct);
        return TypedResults.Ok(ProcurementRequestDto.From(request));
    }

    private static ProblemHttpResult NotFound(string requestId) => Problems.NotFound("Procurement request not found", $"No procurement request '{requestId}'.");
}
