using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Inventory;

public enum ProcurementStatus
{
    Open,
    Ordered,
    Received,
    Cancelled,
}

/// <summary>One job card's share of a request: how many units it is short and when its appointment starts.</summary>
public sealed record ProcurementNeed(int Quantity, Instant NeededBy);

/// <summary>
/// A request to the parts desk for one part at one shop. While Open it collects every job card that
/// is short of the part (one entry per card, so linking the same card again changes nothing); once
/// Ordered its quantity is fixed and new shortages open a new request.
/// </summary>
public sealed record ProcurementRequest
{
    private ProcurementRequest(string id, ShopId shopId, Sku sku, ImmutableSortedDictionary<string, ProcurementNeed> needs,
        ProcurementStatus status, Instant createdAt, Instant updatedAt)
    {
        Id = id;
        ShopId = shopId;
        Sku = sku;
        Needs = needs;
        Status = status;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
    }

    public string Id { get; }
    public ShopId ShopId { get; }
    public Sku Sku { get; }

    /// <summary>Linked job cards (appointment ids) and what each is short.</summary>
    public ImmutableSortedDictionary<string, ProcurementNeed> Needs { get; private init; }

    public ProcurementStatus Status { get; private init; }
    public Instant CreatedAt { get; }
    public Instant UpdatedAt { get; private init; }

    public int Quantity => Needs.Values.Sum(n => n.Quantity);

    /// <summary>The earliest appointment start among the linked job cards.</summary>
    public Instant? NeededBy => Needs.Count == 0 ? null : Needs.Values.Min(n => n.NeededBy);

    public static ProcurementRequest Open(string id, ShopId shopId, Sku sku, Instant now) =>
        new(id, shopId, sku, ImmutableSortedDictionary<string, ProcurementNeed>.Empty.WithComparers(StringComparer.Ordinal), ProcurementStatus.Open, now, now);

    public static ProcurementRequest Restore(string id, ShopId shopId, Sku sku, IEnumerable<KeyValuePair<string, ProcurementNeed>> needs,
        ProcurementStatus status, Instant createdAt, Instant updatedAt) =>
        new(id, shopId, sku, needs.ToImmutableSortedDictionary(StringComparer.Ordinal), status, createdAt, updatedAt);

    /// <summary>Records (or updates) a job card's shortfall; a need of zero unlinks it. Only an Open request changes.</summary>
    public Result<ProcurementRequest, ValidationError> Link(string jobCardId, int quantity, Instant neededBy, Instant now)
    {
        if (Status != ProcurementStatus.Open) return new ValidationError("status", $"request {Id} is {Status}, not Open.");
        if (quantity < 0) return new ValidationError("quantity", "must not be negative.");
        var current = Needs.GetValueOrDefault(jobCardId);
        var next = quantity == 0 ? null : new ProcurementNeed(quantity, neededBy);
        if (current == next) return this;
        return this with { Needs = next is null ? Needs.Remove(jobCardId) : Needs.SetItem(jobCardId, next), UpdatedAt = now };
    }

    public bool Links(string jobCardId) => Needs.ContainsKey(jobCardId);

    /// <summary>Open → Ordered | Cancelled; Ordered → Received | Cancelled. The same status again is no change.</summary>
    public Result<ProcurementRequest, ValidationError> MoveTo(ProcurementStatus status, Instant now)
    {
        if (status == Status) return this;
        var allowed = (Status, status) switch
        {
            (ProcurementStatus.Open, ProcurementStatus.Ordered or ProcurementStatus.Cancelled) => true,
            (ProcurementStatus.Ordered, ProcurementStatus.Received or ProcurementStatus.Cancelled) => true,
            _ => false,
        };
        if (!allowed) return new ValidationError("status", $"a request that is {Status} cannot become {status}.");
        return this with { Status = status, UpdatedAt = now };
    }
}
