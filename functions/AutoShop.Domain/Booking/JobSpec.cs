using System.Collections.Immutable;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>
/// What a set of requested services needs as one job: the services run back to back on one
/// technician in one bay, so the job needs the union of skills and tools, one bay type, and a
/// duration of the summed labor rounded up to the slot grid.
/// </summary>
public sealed class JobSpec
{
    /// <summary>One Azure Table transaction holds at most 100 entities.</summary>
    public const int MaxEntitiesPerTransaction = 100;

    /// <summary>
    /// The appointment, its audit record, its outbox event and (on later changes such as a
    /// cancellation, which deletes the claims) a version guard row and the day's release mark share
    /// the transaction with the claims; a move within the day also drops its move marker.
    /// </summary>
    public const int NonClaimEntities = 6;

    public const int MaxClaims = MaxEntitiesPerTransaction - NonClaimEntities;

    private JobSpec(ImmutableArray<ServiceCode> codes, int laborMinutes, int slots, Duration duration,
        ImmutableArray<Skill> skills, BayType bayType, ImmutableArray<ToolType> tools)
    {
        ServiceCodes = codes;
        LaborMinutes = laborMinutes;
        Slots = slots;
        Duration = duration;
        Skills = skills;
        BayType = bayType;
        Tools = tools;
    }

    public ImmutableArray<ServiceCode> ServiceCodes { get; }

    public int LaborMinutes { get; }

    /// <summary>Grid buckets the job occupies.</summary>
    public int Slots { get; }

    public Duration Duration { get; }

    public ImmutableArray<Skill> Skills { get; }

    public BayType BayType { get; }

    /// <summary>Tool types in ordinal order; the job holds one unit of each.</summary>
    public ImmutableArray<ToolType> Tools { get; }

    public static Result<JobSpec, BookingRejection> TryCreate(ShopSetup setup, IReadOnlyCollection<ServiceCode> codes)
    {
        if (codes.Count == 0)
            return new NoServicesRequested();
        var services = new List<ServiceDefinition>(codes.Count);
        foreach (var code in codes)
        {
            if (!setup.Catalog.TryGetValue(code, out var service))
                return new UnknownService(code);
            services.Add(service);
        }
        var bayTypes = services.Select(s => s.BayType).Distinct().Order().ToImmutableArray();
        if (bayTypes.Length > 1)
            return new ConflictingBayTypes(bayTypes);
        var skills = services.SelectMany(s => s.RequiredSkills).Distinct().Order().ToImmutableArray();
        var qualified = setup.Technicians.Where(t => t.HasAllSkills(skills)).ToList();
        if (qualified.Count == 0)
            return new NoQualifiedTechnician(skills);

        var labor = services.Sum(s => s.LaborMinutes);
        var granularity = (int)setup.Shop.SlotGranularity.TotalMinutes;
        var slots = (labor + granularity - 1) / granularity;
        var tools = services.SelectMany(s => s.Tools).Distinct().Order().ToImmutableArray();
        // Worst case over the technicians who could get the job: one claim per slot for the
        // technician, the bay and each tool unit, plus one per slot of daily cap if capped.
        var capClaims = qualified.Any(t => t.DailyCap is not null) ? slots : 0;
        var claims = slots * (2 + tools.Length) + capClaims;
        if (claims > MaxClaims)
            return new JobTooLong(claims, MaxClaims);
        return new JobSpec([.. codes], labor, slots, Duration.FromMinutes(slots * granularity), skills, bayTypes[0], tools);
    }
}
