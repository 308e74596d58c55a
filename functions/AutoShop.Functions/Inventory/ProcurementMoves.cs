using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Operability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Inventory;

/// <summary>Staff moves a procurement request on; the job cards linked to it then re-read what it promises.</summary>
public sealed class ProcurementMoves(TableProcurementStore procurement, JobCardPreparation preparation)
{
    public async Task<Result<ProcurementRequestDto, ProblemHttpResult>> MoveAsync(ShopId shop, string requestId,
        ProcurementStatus status, ChangeContext context, CancellationToken ct)
    {
        var moved = await procurement.MoveToAsync(shop, requestId, status, context, ct);
        if (moved is null) return ProcurementFunctions.NotFound(requestId);
        if (!moved.Value.TryGetValue(out _, out var refused)) return Problems.Conflict("Status change not allowed", refused.Message);
        // The links are fixed once the request is not Open, so this read lists every card the move concerns.
        if (await procurement.GetAsync(shop, requestId, ct) is not { } request) return ProcurementFunctions.NotFound(requestId);
        // Linked cards re-read the request: ordered shows "on order", cancelled shows "short" again.
        foreach (var cardId in request.Needs.Keys) await preparation.CheckPartsAsync(AppointmentId.Parse(cardId), ct);
        return ProcurementRequestDto.From(request);
    }
}
