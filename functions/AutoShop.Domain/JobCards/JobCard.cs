using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.JobCards;

/// <summary>What applying an appointment event did: the card after it and whether it changed.</summary>
public sealed record EventApplication(JobCard Card, bool Applied, string? IgnoredBecause);

/// <summary>
/// The work prepared for one appointment: labor and parts lines, who does it where and when, and
/// how its parts stand. It follows the appointment through its events, which arrive at least once
/// and in any order: each carries the appointment's version, and the card applies only a version
/// newer than the one it holds, so duplicates and stragglers change nothing.
/// </summary>
public sealed partial record JobCard
{
    /// <summary>How many recent event ids the card remembers (the version check covers older ones).</summary>
    public const int RememberedEvents = 20;

    private JobCard() { }

    public AppointmentId AppointmentId { get; private init; }
    public ShopId ShopId { get; private init; }
    public JobCardStatus Status { get; private init; }

    /// <summary>The appointment version of the newest event applied.</summary>
    public int AppointmentVersion { get; private init; }

    public ImmutableArray<string> AppliedEventIds { get; private init; } = [];

    /// <summary>Counts every stored change of the card; storage uses it to detect concurrent writers.</summary>
    public int Revision { get; private init; }

    public Instant Start { get; private init; }
    public Instant End { get; private init; }
    public LocalDate LocalDate { get; private init; }
    public TechnicianId TechnicianId { get; private init; }
    public BayId BayId { get; private init; }
    public ImmutableArray<ServiceCode> Services { get; private init; } = [];
    public ImmutableArray<LaborLine> Labor { get; private init; } = [];
    public ImmutableArray<PartsLine> Parts { get; private init; } = [];

    /// <summary>Per part, ordered by SKU: need against stock.</summary>
    public ImmutableArray<PartSupply> Supply { get; private init; } = [];

    /// <summary>Parts whose shortage the parts desk has been told about.</summary>
    public ImmutableSortedSet<string> NotifiedShortages { get; private init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    public int NextLineNumber { get; private init; } = 1;
    public Instant CreatedAt { get; private init; }
    public Instant UpdatedAt { get; private init; }

    /// <summary>Units of each part the card needs; nothing once voided.</summary>
    public ImmutableSortedDictionary<Sku, int> Needs => Status == JobCardStatus.Voided
        ? ImmutableSortedDictionary<Sku, int>.Empty
        : Parts.GroupBy(p => p.Sku).ToImmutableSortedDictionary(g => g.Key, g => g.Sum(p => p.Quantity));

    public PartsReadiness Readiness =>
        Supply.Any(s => s.Status == PartStatus.Short) ? PartsReadiness.Short
        : Supply.Any(s => s.Status == PartStatus.Pending) ? PartsReadiness.Pending
        : Supply.Any(s => s.Status == PartStatus.OnOrder) ? PartsReadiness.OnOrder
        : PartsReadiness.Ready;

    public int EstimatedMinutes => Labor.Sum(l => l.EstimatedMinutes);

    /// <summary>A new card from the first event seen for an appointment (whichever version that is).</summary>
    public static JobCard Draft(AppointmentFacts facts, IReadOnlyDictionary<ServiceCode, ServiceDefinition> catalog, string eventId, Instant now)
    {
        var card = new JobCard { AppointmentId = facts.AppointmentId, ShopId = facts.ShopId, CreatedAt = now };
        return card.Follow(facts, catalog, eventId, now);
    }

    /// <summary>Applies an appointment event unless the card already holds it or something newer.</summary>
    public EventApplication Apply(AppointmentFacts facts, IReadOnlyDictionary<ServiceCode, ServiceDefinition> catalog, string eventId, Instant now)
    {
        if (facts.AppointmentId != AppointmentId) throw new ArgumentException("The event is for another appointment.", nameof(facts));
        if (AppliedEventIds.Contains(eventId, StringComparer.Ordinal)) return new(this, false, "already applied");
        if (facts.Version <= AppointmentVersion) return new(this, false, $"older than version {AppointmentVersion}");
        return new(Follow(facts, catalog, eventId, now), true, null);
    }

    private JobCard Follow(AppointmentFacts facts, IReadOnlyDictionary<ServiceCode, ServiceDefinition> catalog, string eventId, Instant now)
    {
        var card = this with
        {
            Status = facts.Active ? JobCardStatus.Draft : JobCardStatus.Voided,
            AppointmentVersion = facts.Version,
            AppliedEventIds = [.. AppliedEventIds.Append(eventId).TakeLast(RememberedEvents)],
            Start = facts.Start,
            End = facts.End,
            LocalDate = facts.LocalDate,
            TechnicianId = facts.TechnicianId,
            BayId = facts.BayId,
            UpdatedAt = now,
        };
        if (!card.Services.SequenceEqual(facts.Services)) card = card.WithBookedServices(facts.Services, catalog);
        return card.ResetSupply();
    }

    /// <summary>Rebuilds the lines that came from booked services; lines staff added stay.</summary>
    private JobCard WithBookedServices(ImmutableArray<ServiceCode> services, IReadOnlyDictionary<ServiceCode, ServiceDefinition> catalog)
    {
        var next = NextLineNumber;
        var labor = new List<LaborLine>();
        var parts = new List<PartsLine>();
        foreach (var code in services)
        {
            if (!catalog.TryGetValue(code, out var service))
            {
                labor.Add(new LaborLine($"L{next++}", code.Value, code.Value, 0, [], false));
                continue;
            }
            labor.Add(new LaborLine($"L{next++}", service.Name, code.Value, service.LaborMinutes, [.. service.RequiredSkills.Select(s => s.Value).Order()], false));
            parts.AddRange(service.Parts.Select(p => new PartsLine($"P{next++}", p.Sku, p.Quantity, code.Value, false)));
        }
        return this with
        {
            Services = services,
            Labor = [.. labor, .. Labor.Where(l => l.Manual)],
            Parts = [.. parts, .. Parts.Where(p => p.Manual)],
            NextLineNumber = next,
        };
    }

    /// <summary>Keeps what is known about parts whose need is unchanged; anything else awaits the next stock check.</summary>
    private JobCard ResetSupply()
    {
        var known = Supply.ToDictionary(s => s.Sku);
        var supply = Needs.Select(n => known.TryGetValue(n.Key, out var s)
            ? s.Needed == n.Value ? s : PartSupply.Pending(n.Key, n.Value) with { ProcurementRequestId = s.ProcurementRequestId }
            : PartSupply.Pending(n.Key, n.Value));
        return (this with { Supply = [.. supply] }).Settled();
    }

    /// <summary>Records the outcome of a stock check; a voided card keeps no supply.</summary>
    public JobCard WithSupply(IEnumerable<PartSupply> supply, Instant now)
    {
        var needs = Needs;
        var bySku = supply.Where(s => needs.ContainsKey(s.Sku)).ToDictionary(s => s.Sku);
        var next = needs.Select(n => bySku.TryGetValue(n.Key, out var s) ? s : PartSupply.Pending(n.Key, n.Value)).ToImmutableArray();
        if (next.SequenceEqual(Supply)) return this;
        var stillShort = next.Where(s => s.Status is PartStatus.Short or PartStatus.OnOrder).Select(s => s.Sku.Value).ToHashSet();
        // A part that was covered and falls short again is news to the parts desk again.
        return (this with { Supply = next, UpdatedAt = now, NotifiedShortages = NotifiedShortages.Intersect(stillShort) }).Settled();
    }

    public JobCard WithNotified(Sku sku) => this with { NotifiedShortages = NotifiedShortages.Add(sku.Value) };

    /// <summary>The revision a store assigns when it saves the card.</summary>
    public JobCard Saved() => this with { Revision = Revision + 1 };

    /// <summary>Ready exactly when every part is reserved; a voided card stays voided until a newer event says otherwise.</summary>
    private JobCard Settled() => Status == JobCardStatus.Voided ? this
        : this with { Status = Readiness == PartsReadiness.Ready ? JobCardStatus.Ready : JobCardStatus.Draft };
}
