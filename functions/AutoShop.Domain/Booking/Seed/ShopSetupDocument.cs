using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Domain.Booking.Seed;

/// <summary>
/// Reads a seed document (JSON text; the caller does the file or blob I/O) into validated
/// <see cref="ShopSetup"/>s. The parts master and service catalog are shared; each shop lists
/// the service codes it offers. Errors name the JSON path, e.g. <c>shops[1].technicians[0].skills[2]</c>.
/// </summary>
public static class ShopSetupDocument
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    public static Result<ImmutableArray<ShopSetup>, ValidationError> Parse(string json)
    {
        SeedDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, SeedJsonContext.Default.SeedDocument);
        }
        catch (JsonException ex)
        {
            // Malformed JSON is an expected input problem for a seed file, not a crash.
            return new ValidationError(ex.Path ?? "$", ex.Message);
        }
        if (document?.Shops is not { Count: > 0 })
            return new ValidationError("shops", "must list at least one shop.");
        var parts = Each(document.Parts, "parts", (p, f) =>
            Sku.TryParse(p.Sku, $"{f}.sku").Map(sku => new Part(sku, p.Description?.Trim() ?? "")));
        if (!parts.TryGetValue(out var partList, out var partError))
            return partError;
        var services = Each(document.Services, "services", Service);
        if (!services.TryGetValue(out var catalog, out var serviceError))
            return serviceError;

        var setups = ImmutableArray.CreateBuilder<ShopSetup>();
        for (var i = 0; i < document.Shops.Count; i++)
        {
            var setup = Setup(document.Shops[i], $"shops[{i}]", partList, catalog);
            if (!setup.TryGetValue(out var value, out var error))
                return error;
            setups.Add(value);
        }
        return setups.ToImmutable();
    }

    private static Result<ShopSetup, ValidationError> Setup(ShopDto dto, string field, List<Part> parts, List<ServiceDefinition> catalog)
    {
        var shop = ShopSetupParts.Shop(dto, field);
        if (!shop.TryGetValue(out var validShop, out var shopError))
            return shopError;
        var techs = Each(dto.Technicians, $"{field}.technicians", ShopSetupParts.Technician);
        var bays = Each(dto.Bays, $"{field}.bays", (b, f) =>
            BayId.TryParse(b.Id, $"{f}.id").Then(id => BayType.TryParse(b.Type, $"{f}.type")
                .Then(type => Bay.TryCreate(id, b.Name, type).Prefix(f))));
        var tools = Each(dto.Tools, $"{field}.tools", (t, f) =>
            ToolType.TryParse(t.Type, $"{f}.type").Then(type => ToolStock.TryCreate(type, t.Count ?? 0).Prefix(f)));
        var offered = Each(dto.ServiceCodes, $"{field}.serviceCodes", (code, f) => ServiceCode.TryParse(code, f)
            .Then(c => catalog.FirstOrDefault(s => s.Code == c) is { } s
                ? s : ValidationResult.Fail<ServiceDefinition>(f, $"'{c}' is not in the services catalog.")));
        if (!techs.TryGetValue(out var techList, out var error) || !bays.TryGetValue(out var bayList, out error)
            || !tools.TryGetValue(out var toolList, out error) || !offered.TryGetValue(out var serviceList, out error))
            return error;
        return ShopSetup.TryCreate(validShop, techList, bayList, toolList, serviceList, parts).Prefix(field);
    }

    private static Result<ServiceDefinition, ValidationError> Service(ServiceDto dto, string field)
    {
        var code = ServiceCode.TryParse(dto.Code, $"{field}.code");
        var skills = Each(dto.Skills, $"{field}.skills", (s, f) => Skill.TryParse(s, f));
        var bayType = BayType.TryParse(dto.BayType, $"{field}.bayType");
        var tools = Each(dto.Tools, $"{field}.tools", (t, f) => ToolType.TryParse(t, f));
        var parts = Each(dto.Parts, $"{field}.parts", (p, f) => Sku.TryParse(p.Sku, $"{f}.sku").Map(sku => new PartLine(sku, p.Quantity ?? 0)));
        var price = Money.TryCreate(dto.Price?.Amount ?? -1, dto.Price?.Currency, $"{field}.price");
        if (!code.TryGetValue(out var c, out var error) || !skills.TryGetValue(out var s, out error) || !bayType.TryGetValue(out var b, out error)
            || !tools.TryGetValue(out var t, out error) || !parts.TryGetValue(out var p, out error) || !price.TryGetValue(out var m, out error))
            return error;
        return ServiceDefinition.TryCreate(c, dto.Name, dto.LaborMinutes ?? 0, s, b, t, p, m).Prefix(field);
    }

    internal static Result<WeeklyHours, ValidationError> Hours(Dictionary<string, List<string>>? byDay, string field)
    {
        var ranges = new List<(IsoDayOfWeek, LocalTimeRange)>();
        foreach (var (dayName, texts) in byDay ?? [])
        {
            if (!Enum.TryParse<IsoDayOfWeek>(dayName, ignoreCase: true, out var day) || day == IsoDayOfWeek.None)
                return new ValidationError($"{field}.{dayName}", "is not a weekday name such as monday.");
            for (var i = 0; i < texts.Count; i++)
            {
                var range = LocalTimeRange.TryParse(texts[i], $"{field}.{dayName}[{i}]");
                if (!range.TryGetValue(out var value, out var error))
                    return error;
                ranges.Add((day, value));
            }
        }
        return WeeklyHours.TryCreate(ranges, field);
    }

    internal static Result<LocalDate, ValidationError> Date(string? text, string field) =>
        DatePattern.Parse(text ?? "") is { Success: true } parsed ? parsed.Value : new ValidationError(field, "must be a date like 2026-05-25.");

    internal static Result<LocalDateTime, ValidationError> DateTime(string? text, string field) =>
        DateTimePattern.Parse(text ?? "") is { Success: true } parsed ? parsed.Value : new ValidationError(field, "must be a local date-time like 2026-05-25T13:00.");

    /// <summary>Maps every item, stopping at the first error; a missing list is an empty one.</summary>
    internal static Result<List<TOut>, ValidationError> Each<TIn, TOut>(List<TIn>? items, string field, Func<TIn, string, Result<TOut, ValidationError>> map)
    {
        var results = new List<TOut>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var result = map(items![i], $"{field}[{i}]");
            if (!result.TryGetValue(out var value, out var error))
                return error;
            results.Add(value);
        }
        return results;
    }

    /// <summary>Places a model-level error (field "name") under the path of the JSON object it came from.</summary>
    internal static Result<T, ValidationError> Prefix<T>(this Result<T, ValidationError> result, string field) =>
        result.IsSuccess || result.Error.Field.StartsWith(field, StringComparison.Ordinal) ? result : result.Error.Under(field);
}
