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
/// What linking one job card decided: the request after it, the card's need after it (null: the card is
/// not linked) and whether anything changed (nothing to store when not).
/// </summary>
public sealed record ProcurementRelink(ProcurementRequest Request, ProcurementNeed? Need, bool Changed);

/// <summary>
/// A request to the parts desk for one part at one shop. While Open it collects every job card that
/// is short of the part (one link per card, so linking the same card again changes nothing); once
/// Ordered its quantity is fixed and new shortages open a new request. The links are not held here: a
/// popular part can collect thousands, so each link is decided on its own (<see cref="Link"/>) and
/// read back together as a <see cref="ProcurementDemand"/>. The request counts them, so it knows when
/// the last one goes.
/// </summary>
public sealed record ProcurementRequest
{
    private ProcurementRequest(string id, ShopId shopId, Sku sku, int linkCount, ProcurementStatus status, Instant createdAt, Instant updatedAt)
    {
        Id = id;
        ShopId = shopId;
        Sku = sku;
        LinkCount = linkCount;
        Status = status;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
    }

    public string Id { get; }
    public ShopId ShopId { get; }
    public Sku Sku { get; }

    /// <summary>How many job cards are linked (short of the part on this request).</summary>
    public int LinkCount { get; private init; }

    public ProcurementStatus Status { get; private init; }
    public Instant CreatedAt { get; }
    public Instant UpdatedAt { get; private init; }

    public static ProcurementRequest Open(string id, ShopId shopId, Sku sku, Instant now) =>
        new(id, shopId, sku, 0, ProcurementStatus.Open, now, now);

    public static ProcurementRequest Restore(string id, ShopId shopId, Sku sku, int linkCount, ProcurementStatus status, Instant createdAt, Instant updatedAt) =>
        new(id, shopId, sku, Math.Max(0, linkCount), status, createdAt, updatedAt);

    /// <summary>
    /// Records (or updates) a job card's shortfall, given what the card holds on this request now
    /// (<paramref name="current"/>, null when not linked); a need of zero unlinks it. Only an Open request changes.
    /// </summary>
    public Result<ProcurementRelink, ValidationError> Link(ProcurementNeed? current, int quantity, Instant neededBy, Instant now)
    {
        if (Status != ProcurementStatus.Open) return new ValidationError("status", $"request {Id} is {Status}, not Open.");
        if (quantity < 0) return new ValidationError("quantity", "must not be negative.");
        var next = quantity == 0 ? null : new ProcurementNeed(quantity, neededBy);
        if (current == next) return new ProcurementRelink(this, current, Changed: false);
        var count = LinkCount + (next is null ? 0 : 1) - (current is null ? 0 : 1);
        return new ProcurementRelink(this with { LinkCount = Math.Max(0, count), UpdatedAt = now }, next, Changed: true);
    }

    /// <summary>Takes a job card off an open request; taking the last one off cancels the request (nothing is left to order).</summary>
    public Result<ProcurementRelink, ValidationError> Unlink(ProcurementNeed? current, Instant now)
    {
        if (!Link(current, 0, Instant.MinValue, now).TryGetValue(out var unlinked, out var refused)) return refused;
        if (!unlinked.Changed || unlinked.Request.LinkCount > 0) return unlinked;
        return unlinked with { Request = unlinked.Request with { Status = ProcurementStatus.Cancelled } };
    }

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
