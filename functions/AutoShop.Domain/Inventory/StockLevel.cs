using AutoShop.Domain.Booking;

namespace AutoShop.Domain.Inventory;

/// <summary>
/// One part at one shop: what is on the shelf, how much of it job cards hold, and how to get more.
/// The invariant every change keeps: <see cref="Reserved"/> never exceeds <see cref="OnHand"/>,
/// so <see cref="Available"/> is never negative.
/// </summary>
public sealed record StockLevel
{
    public const int MaxQuantity = 1_000_000;
    public const int MaxLeadTimeDays = 365;

    private StockLevel(Sku sku, string description, int onHand, int reserved, int reorderPoint, string supplier, int leadTimeDays)
    {
        Sku = sku;
        Description = description;
        OnHand = onHand;
        Reserved = reserved;
        ReorderPoint = reorderPoint;
        Supplier = supplier;
        LeadTimeDays = leadTimeDays;
    }

    public Sku Sku { get; }
    public string Description { get; }
    public int OnHand { get; private init; }
    public int Reserved { get; private init; }
    public int ReorderPoint { get; }
    public string Supplier { get; }
    public int LeadTimeDays { get; }

    public int Available => OnHand - Reserved;

    /// <summary>At or under the reorder point once reservations are taken out.</summary>
    public bool NeedsReorder => Available <= ReorderPoint;

    public static Result<StockLevel, ValidationError> TryCreate(Sku sku, string? description, int onHand, int reserved,
        int reorderPoint, string? supplier, int leadTimeDays)
    {
        if (onHand is < 0 or > MaxQuantity) return new ValidationError("onHand", $"must be between 0 and {MaxQuantity}.");
        if (reserved < 0 || reserved > onHand) return new ValidationError("reserved", "must be between 0 and the quantity on hand.");
        if (reorderPoint is < 0 or > MaxQuantity) return new ValidationError("reorderPoint", $"must be between 0 and {MaxQuantity}.");
        if (leadTimeDays is < 0 or > MaxLeadTimeDays) return new ValidationError("leadTimeDays", $"must be between 0 and {MaxLeadTimeDays}.");
        return new StockLevel(sku, Clean(description, 200), onHand, reserved, reorderPoint, Clean(supplier, 100), leadTimeDays);
    }

    /// <summary>A part the shop has never stocked: nothing on hand, supplier unknown.</summary>
    public static StockLevel Unstocked(Sku sku) => new(sku, "", 0, 0, 0, "", 0);

    /// <summary>A counted correction (damage, found stock). Refused when it would leave reserved units uncovered.</summary>
    public Result<StockLevel, ValidationError> Adjust(int delta)
    {
        var onHand = (long)OnHand + delta;
        if (onHand < 0) return new ValidationError("delta", $"would leave {onHand} on hand; there are {OnHand}.");
        if (onHand > MaxQuantity) return new ValidationError("delta", $"would exceed {MaxQuantity} on hand.");
        if (onHand < Reserved)
            return new ValidationError("delta", $"would leave {onHand} on hand but {Reserved} are reserved for job cards; release them first.");
        return this with { OnHand = (int)onHand };
    }

    public Result<StockLevel, ValidationError> Receive(int quantity) =>
        quantity < 1 ? new ValidationError("quantity", "must be at least 1.") : Adjust(quantity);

    /// <summary>Moves <paramref name="delta"/> units into (positive) or out of (negative) reservation; never below zero available.</summary>
    internal StockLevel WithReserved(int delta)
    {
        var reserved = Reserved + delta;
        if (reserved < 0 || reserved > OnHand)
            throw new InvalidOperationException($"Reserving {delta} of {Sku} would break 0 <= reserved ({reserved}) <= on hand ({OnHand}).");
        return this with { Reserved = reserved };
    }

    private static string Clean(string? text, int max)
    {
        var cleaned = new string((text ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return cleaned.Length > max ? cleaned[..max] : cleaned;
    }
}
