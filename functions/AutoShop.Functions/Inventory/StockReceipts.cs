using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Operability;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace AutoShop.Functions.Inventory;

/// <summary>
/// Books a delivery in: the stock first, then the procurement request it fills, then the job cards short
/// of the part, earliest appointment first. The receipt shows the stock after the cards took their share.
/// </summary>
public sealed class StockReceipts(TableInventoryStore inventory, TableProcurementStore procurement, JobCardPreparation preparation, TimeProvider clock)
{
    public async Task<Result<StockReceiptDto, ProblemHttpResult>> ReceiveAsync(ShopId shop, Sku sku, int quantity, string? procurementRequestId,
        ChangeContext context, CancellationToken ct)
    {
        if (procurementRequestId is { } requestId && await procurement.FindAsync(shop, requestId, ct) is null)
            return Problems.Unprocessable("procurementRequestId", $"No procurement request '{requestId}' at this shop.");
        var received = await inventory.ChangeAsync(shop, sku, s => s.Receive(quantity), "stock.received", context, Instant.FromDateTimeOffset(clock.GetUtcNow()), ct);
        if (!received.TryGetValue(out _, out var refused)) return Problems.Unprocessable(refused.Field, refused.Message, "The delivery breaks a stock rule");
        if (procurementRequestId is { } id) await procurement.MoveToAsync(shop, id, ProcurementStatus.Received, context, ct);
        var covered = await preparation.CoverShortagesAsync(shop, sku, ct);
        var after = (await inventory.GetManyAsync(shop, [sku], ct))[sku];
        return new StockReceiptDto(StockDto.From(after), covered, procurementRequestId);
    }
}
