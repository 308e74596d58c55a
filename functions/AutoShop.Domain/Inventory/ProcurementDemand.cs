using System.Collections.Immutable;
using NodaTime;

namespace AutoShop.Domain.Inventory;

/// <summary>A procurement request with every job card linked to it, as the parts desk reads it: how many to order and by when.</summary>
public sealed record ProcurementDemand
{
    public ProcurementDemand(ProcurementRequest request, IEnumerable<KeyValuePair<string, ProcurementNeed>> needs)
    {
        Request = request;
        Needs = needs.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    public ProcurementRequest Request { get; }

    /// <summary>Linked job cards (appointment ids) and what each is short.</summary>
    public ImmutableSortedDictionary<string, ProcurementNeed> Needs { get; }

    public int Quantity => Needs.Values.Sum(n => n.Quantity);

    /// <summary>The earliest appointment start among the linked job cards.</summary>
    public Instant? NeededBy => Needs.Count == 0 ? null : Needs.Values.Min(n => n.NeededBy);
}
