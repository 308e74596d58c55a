using System.Text.Json.Serialization;
using AutoShop.Domain.Inventory;
using NodaTime.Text;

namespace AutoShop.Functions.Inventory;

public sealed record StockDto(string Sku, string Description, int OnHand, int Reserved, int Available, int ReorderPoint, bool NeedsReorder, string Supplier, int LeadTimeDays)
{
    public static StockDto From(StockLevel s) =>
        new(s.Sku.Value, s.Description, s.OnHand, s.Reserved, s.Available, s.ReorderPoint, s.NeedsReorder, s.Supplier, s.LeadTimeDays);
}

/// <summary>A counted correction: <c>delta</c> units more (positive) or fewer (negative) on the shelf.</summary>
public sealed record StockAdjustmentRequest(int? Delta, string? ReasonCode);

/// <summary>A delivery: how many arrived and, optionally, the procurement request it fills.</summary>
public sealed record StockReceiptRequest(int? Quantity, string? ProcurementRequestId, string? ReasonCode);

public sealed record StockReceiptDto(StockDto Stock, IReadOnlyList<string> JobCardsCovered, string? ProcurementRequestId);

public sealed record ProcurementNeedDto(string JobCardId, int Quantity, string NeededBy);

public sealed record ProcurementRequestDto(string Id, string ShopId, string Sku, int Quantity, string? NeededBy, string Status,
    IReadOnlyList<ProcurementNeedDto> JobCards, string CreatedAt, string UpdatedAt)
{
    public static ProcurementRequestDto From(ProcurementDemand d) => new(d.Request.Id, d.Request.ShopId.Value, d.Request.Sku.Value, d.Quantity,
        d.NeededBy is { } n ? InstantPattern.ExtendedIso.Format(n) : null, d.Request.Status.ToString().ToLowerInvariant(),
        [.. d.Needs.Select(n => new ProcurementNeedDto(n.Key, n.Value.Quantity, InstantPattern.ExtendedIso.Format(n.Value.NeededBy)))],
        InstantPattern.ExtendedIso.Format(d.Request.CreatedAt), InstantPattern.ExtendedIso.Format(d.Request.UpdatedAt));
}

/// <summary>Moves a request on: <c>ordered</c>, <c>received</c> or <c>cancelled</c>, with a reason code.</summary>
public sealed record ProcurementUpdateRequest(string? Status, string? ReasonCode);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Dictionary<string, NeedRow>))]
[JsonSerializable(typeof(InventorySeedDocument))]
internal sealed partial class InventoryJsonContext : JsonSerializerContext;
