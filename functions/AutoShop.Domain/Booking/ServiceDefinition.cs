using System.Collections.Immutable;

namespace AutoShop.Domain.Booking;

/// <summary>A part the shop stocks. Inventory levels live elsewhere; booking only needs to know the part exists.</summary>
public sealed record Part(Sku Sku, string Description);

/// <summary>A quantity of one part that a service uses.</summary>
public sealed record PartLine(Sku Sku, int Quantity);

/// <summary>A catalog entry: what a service needs (labor, skills, a bay type, tools, parts) and what it roughly costs.</summary>
public sealed class ServiceDefinition
{
    public const int MaxLaborMinutes = 12 * 60;

    private ServiceDefinition(ServiceCode code, string name, int laborMinutes, ImmutableHashSet<Skill> skills,
        BayType bayType, ImmutableHashSet<ToolType> tools, ImmutableArray<PartLine> parts, Money priceEstimate)
    {
        Code = code;
        Name = name;
        LaborMinutes = laborMinutes;
        RequiredSkills = skills;
        BayType = bayType;
        Tools = tools;
        Parts = parts;
        PriceEstimate = priceEstimate;
    }

    public ServiceCode Code { get; }

    public string Name { get; }

    public int LaborMinutes { get; }

    public ImmutableHashSet<Skill> RequiredSkills { get; }

    public BayType BayType { get; }

    /// <summary>Tool types the job holds one unit of for its whole duration.</summary>
    public ImmutableHashSet<ToolType> Tools { get; }

    public ImmutableArray<PartLine> Parts { get; }

    public Money PriceEstimate { get; }

    public static Result<ServiceDefinition, ValidationError> TryCreate(ServiceCode code, string? name, int laborMinutes,
        IEnumerable<Skill> skills, BayType bayType, IEnumerable<ToolType> tools, IEnumerable<PartLine> parts, Money priceEstimate)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            return new ValidationError("name", "is required and must be at most 100 characters.");
        if (laborMinutes is < 1 or > MaxLaborMinutes)
            return new ValidationError("laborMinutes", $"must be between 1 and {MaxLaborMinutes}.");
        var partLines = parts.ToImmutableArray();
        if (partLines.FirstOrDefault(p => p.Quantity < 1) is { } bad)
            return new ValidationError("parts", $"quantity of {bad.Sku} must be at least 1.");
        if (partLines.GroupBy(p => p.Sku).FirstOrDefault(g => g.Count() > 1) is { } dup)
            return new ValidationError("parts", $"lists {dup.Key} more than once.");
        return new ServiceDefinition(code, name.Trim(), laborMinutes, skills.ToImmutableHashSet(), bayType,
            tools.ToImmutableHashSet(), partLines, priceEstimate);
    }
}
