using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using NodaTime;

namespace AutoShop.Functions.Inventory;

/// <summary>A shop's parts stock: list, counted adjustments and deliveries (each audited with a reason code).</summary>
[Tags("Inventory")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class InventoryFunctions(IShopStore shops, TableInventoryStore inventory, StockReceipts receipts, TimeProvider clock)
{
    [Function("ListStock")]
    [EndpointSummary("Every part the shop stocks: on hand, reserved, available, reorder point, supplier and lead time")]
    public async Task<Results<Ok<IReadOnlyList<StockDto>>, ProblemHttpResult>> ListStock(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/inventory")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        return TypedResults.Ok<IReadOnlyList<StockDto>>([.. (await inventory.ListAsync(setup.Shop.Id, ct)).OrderBy(s => s.Sku).Select(StockDto.From)]);
    }

    [Function("AdjustStock")]
    [EndpointSummary("Correct the quantity on hand by a signed delta (reason code required; never below what job cards have reserved)")]
    [JsonBody(typeof(StockAdjustmentRequest))]
    public async Task<Results<Ok<StockDto>, ProblemHttpResult, ValidationProblem>> AdjustStock(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shops/{shopId}/inventory/{sku}/adjustments")] HttpRequest req, string shopId, string sku)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadJsonAsync<StockAdjustmentRequest>(ct);
        var errors = new Dictionary<string, string[]>();
        var reason = Reason(request.ReasonCode, errors);
        if (request.Delta is null or 0) errors["delta"] = ["is required and must not be zero."];
        var part = await PartAsync(shopId, sku, errors, ct);
        if (part.Problem is { } problem) return problem;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var changed = await inventory.ChangeAsync(part.Shop, part.Sku, s => s.Adjust(request.Delta!.Value), "stock.adjusted",
            Context(req, reason), Instant.FromDateTimeOffset(clock.GetUtcNow()), ct);
        return changed.TryGetValue(out var stock, out var refused)
            ? TypedResults.Ok(StockDto.From(stock))
            : Problems.Unprocessable(refused.Field, refused.Message, "The adjustment breaks a stock rule");
    }

    [Function("ReceiveStock")]
    [EndpointSummary("Book a delivery in; short job cards of the part are covered earliest appointment first")]
    [JsonBody(typeof(StockReceiptRequest))]
    public async Task<Results<Ok<StockReceiptDto>, ProblemHttpResult, ValidationProblem>> ReceiveStock(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shops/{shopId}/inventory/{sku}/receipts")] HttpRequest req, string shopId, string sku)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadJsonAsync<StockReceiptRequest>(ct);
        var errors = new Dictionary<string, string[]>();
        var reason = request.ReasonCode is null ? null : Reason(request.ReasonCode, errors);
        if (request.Quantity is null or < 1) errors["quantity"] = ["is required and must be at least 1."];
        var part = await PartAsync(shopId, sku, errors, ct);
        if (part.Problem is { } problem) return problem;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var receipt = await receipts.ReceiveAsync(part.Shop, part.Sku, request.Quantity!.Value, request.ProcurementRequestId, Context(req, reason), ct);
        return receipt.TryGetValue(out var received, out var refused) ? TypedResults.Ok(received) : refused;
    }

    private sealed record PartLookup(ShopId Shop, Sku Sku, ProblemHttpResult? Problem);

    private async Task<PartLookup> PartAsync(string shopId, string sku, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return new(default, default, ShopLookup.NotFound(shopId));
        if (!Sku.TryParse(sku).TryGetValue(out var parsed, out _) || !setup.Parts.ContainsKey(parsed))
            return new(default, default, Problems.NotFound("Part not found", $"Shop '{shopId}' has no part '{sku}' in its parts master."));
        return new(setup.Shop.Id, parsed, null);
    }

    private static ReasonCode? Reason(string? text, Dictionary<string, string[]> errors)
    {
        if (ReasonCode.TryParse(text).TryGetValue(out var reason, out var error)) return reason;
        errors[error.Field] = [error.Message];
        return null;
    }

    private static ChangeContext Context(HttpRequest req, ReasonCode? reason) =>
        new(Actor.Staff(req.HttpContext.User.StaffId()), reason, CorrelationId.Of(req.HttpContext));
}
