using System.Collections.Frozen;
using System.Collections.Immutable;

namespace AutoShop.Domain.Booking;

/// <summary>
/// One shop with everything booking needs to know about it: technicians, bays, tools, the
/// service catalog and the parts master. Construction checks the cross-references, so a
/// scheduler never meets a service that asks for a bay type or tool the shop does not have.
/// </summary>
public sealed class ShopSetup
{
    private readonly FrozenDictionary<string, int> technicianIndex;
    private readonly FrozenDictionary<string, int> bayIndex;

    private ShopSetup(Shop shop, ImmutableArray<Technician> technicians, ImmutableArray<Bay> bays,
        FrozenDictionary<ToolType, ToolStock> tools, FrozenDictionary<ServiceCode, ServiceDefinition> catalog,
        FrozenDictionary<Sku, Part> parts)
    {
        Shop = shop;
        Technicians = technicians;
        Bays = bays;
        Tools = tools;
        Catalog = catalog;
        Parts = parts;
        technicianIndex = technicians.Select((t, i) => KeyValuePair.Create(t.Id.Value, i)).ToFrozenDictionary(StringComparer.Ordinal);
        bayIndex = bays.Select((b, i) => KeyValuePair.Create(b.Id.Value, i)).ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Shop Shop { get; }

    /// <summary>Ordered by id, so every tie between equally good technicians breaks the same way.</summary>
    public ImmutableArray<Technician> Technicians { get; }

    /// <summary>Ordered by id.</summary>
    public ImmutableArray<Bay> Bays { get; }

    public FrozenDictionary<ToolType, ToolStock> Tools { get; }

    public FrozenDictionary<ServiceCode, ServiceDefinition> Catalog { get; }

    public FrozenDictionary<Sku, Part> Parts { get; }

    public static Result<ShopSetup, ValidationError> TryCreate(Shop shop, IEnumerable<Technician> technicians,
        IEnumerable<Bay> bays, IEnumerable<ToolStock> tools, IEnumerable<ServiceDefinition> catalog, IEnumerable<Part> parts)
    {
        var techs = technicians.OrderBy(t => t.Id).ToImmutableArray();
        var bayList = bays.OrderBy(b => b.Id).ToImmutableArray();
        var toolList = tools.ToList();
        var services = catalog.ToList();
        var partList = parts.ToList();
        if (Duplicate(techs.Select(t => t.Id.Value)) is { } techDup)
            return new ValidationError("technicians", $"lists technician '{techDup}' twice.");
        if (Duplicate(bayList.Select(b => b.Id.Value)) is { } bayDup)
            return new ValidationError("bays", $"lists bay '{bayDup}' twice.");
        if (Duplicate(toolList.Select(t => t.Type.Value)) is { } toolDup)
            return new ValidationError("tools", $"lists tool type '{toolDup}' twice.");
        if (Duplicate(services.Select(s => s.Code.Value)) is { } serviceDup)
            return new ValidationError("catalog", $"lists service '{serviceDup}' twice.");
        if (Duplicate(partList.Select(p => p.Sku.Value)) is { } partDup)
            return new ValidationError("parts", $"lists part '{partDup}' twice.");

        var bayTypes = bayList.Select(b => b.Type).ToHashSet();
        var toolTypes = toolList.Select(t => t.Type).ToHashSet();
        var skus = partList.Select(p => p.Sku).ToHashSet();
        var skills = techs.SelectMany(t => t.Skills).ToHashSet();
        foreach (var service in services)
        {
            var field = $"catalog[{service.Code}]";
            if (!bayTypes.Contains(service.BayType))
                return new ValidationError($"{field}.bayType", $"needs a '{service.BayType}' bay but the shop has none.");
            if (service.Tools.FirstOrDefault(t => !toolTypes.Contains(t)) is { Value.Length: > 0 } tool)
                return new ValidationError($"{field}.tools", $"needs a '{tool}' but the shop has none.");
            if (service.RequiredSkills.FirstOrDefault(s => !skills.Contains(s)) is { Value.Length: > 0 } skill)
                return new ValidationError($"{field}.skills", $"needs skill '{skill}' but no technician has it.");
            if (service.Parts.FirstOrDefault(p => !skus.Contains(p.Sku)) is { } part)
                return new ValidationError($"{field}.parts", $"uses part '{part.Sku}' which is not in the parts master.");
        }
        return new ShopSetup(shop, techs, bayList, toolList.ToFrozenDictionary(t => t.Type),
            services.ToFrozenDictionary(s => s.Code), partList.ToFrozenDictionary(p => p.Sku));
    }

    /// <summary>Whether one technician holds every skill the service needs and a bay of its type exists.</summary>
    public bool CanPerform(ServiceCode code) =>
        Catalog.TryGetValue(code, out var service)
        && Technicians.Any(t => t.HasAllSkills(service.RequiredSkills))
        && Bays.Any(b => b.Type == service.BayType);

    internal int IndexOfTechnician(string id) => technicianIndex.TryGetValue(id, out var index) ? index : -1;

    internal int IndexOfBay(string id) => bayIndex.TryGetValue(id, out var index) ? index : -1;

    private static string? Duplicate(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
}
