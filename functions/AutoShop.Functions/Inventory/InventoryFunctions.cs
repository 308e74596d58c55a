using System.Security.Claims;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace AutoShop.Functions.Inventory;

/// <summary>A shop's parts stock: list, counted adjustments and deliveries (each audited with a reason code).</summary>
public static class InventoryApi
{
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/shops/{shopId}/inventory").WithTags("Inventory").RequireAuthorization(StaffPolicy.Name);
        group.MapGet("/", List).WithName("ListStock").WithSummary("Every part the shop stocks: on hand, reserved, available, reorder point, supplier and lead time");
        group.MapPost("/{sku}/adjustments", Adjust).WithName("AdjustStock")
            .WithSummary("Correct the quantity on hand by a signed delta (reason code required; never below what job cards have reserved)");
        group.MapPost("/{sku}/receipts", Receive).WithName("ReceiveStock")
            .WithSummary("Book a delivery in; short job cards of the part are covered earliest appointment first");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<StockDto>>, ProblemHttpResult>> List(string shopId, IShopStore shops, TableInventoryStore inventory, CancellationToken ct)
    {
        if (await ShopsApi.FindAsync(shopId, shops, ct) is not { } setup) return ShopsApi.ShopNotFound(shopId);
        return TypedResults.Ok<IReadOnlyList<StockDto>>([.. (await inventory.ListAsync(setup.Shop.Id, ct)).OrderBy(s => s.Sku).Select(StockDto.From)]);
    }

    public static async Task<Results<Ok<StockDto>, ProblemHttpResult, ValidationProblem>> Adjust(string shopId, string sku, StockAdjustmentRequest request,
        IShopStore shops, TableInventoryStore inventory, TimeProvider clock, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = Reason(request.ReasonCode, errors);
        if (request.Delta is null or 0) errors["delta"] = ["is required and must not be zero."];
        var part = await PartAsync(shopId, sku, shops, errors, ct);
        if (part.Problem is { } problem) return problem;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var changed = await inventory.ChangeAsync(part.Shop, part.Sku, s => s.Adjust(request.Delta!.Value), "stock.adjusted",
            new ChangeContext(Actor.Staff(user.StaffId()), reason, CorrelationId.Of(http)), Instant.FromDateTimeOffset(clock.GetUtcNow()), ct);
        return changed.TryGetValue(out var stock, out var refused)
            ? TypedResults.Ok(StockDto.From(stock))
            : Problems.Unprocessable(refused.Field, refused.Message, "The adjustment breaks a stock rule");
    }

    public static async Task<Results<Ok<StockReceiptDto>, ProblemHttpResult, ValidationProblem>> Receive(string shopId, string sku, StockReceiptRequest request,
        IShopStore shops, TableInventoryStore inventory, TableProcurementStore procurement, JobCardPreparation preparation,
        TimeProvider clock, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = request.ReasonCode is null ? null : Reason(request.ReasonCode, errors);
        if (request.Quantity is null or < 1) errors["quantity"] = ["is required and must be at least 1."];
        var part = await PartAsync(shopId, sku, shops, errors, ct);
        if (part.Problem is { } problem) return problem;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (request.ProcurementRequestId is { } requestId && await procurement.FindAsync(part.Shop, requestId, ct) is null)
            return Problems.Unprocessable("procurementRequestId", $"No procurement request '{requestId}' at this shop.");
        var received = await inventory.ChangeAsync(part.Shop, part.Sku, s => s.Receive(request.Quantity!.Value), "stock.received",
            new ChangeContext(Actor.Staff(user.StaffId()), reason, CorrelationId.Of(http)), Instant.FromDateTimeOffset(clock.GetUtcNow()), ct);
        if (!received.TryGetValue(out _, out var refused)) return Problems.Unprocessable(refused.Field, refused.Message, "The delivery breaks a stock rule");
        if (request.ProcurementRequestId is { } id)
            await procurement.MoveToAsync(part.Shop, id, Domain.Inventory.ProcurementStatus.Received,
                new ChangeContext(Actor.Staff(user.StaffId()), reason, CorrelationId.Of(http)), ct);
        var covered = await preparation.CoverShortagesAsync(part.Shop, part.Sku, ct);
        var after = (await inventory.GetManyAsync(part.Shop, [part.Sku], ct))[part.Sku];
        return TypedResults.Ok(new StockReceiptDto(StockDto.From(after), covered, request.ProcurementRequestId));
    }

    private sealed record PartLookup(ShopId Shop, Sku Sku, ProblemHttpResult? Problem);

    private static async Task<PartLookup> PartAsync(string shopId, string sku, IShopStore shops, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (await ShopsApi.FindAsync(shopId, shops, ct) is not { } setup) return new(default, default, ShopsApi.ShopNotFound(shopId));
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
}
