using System.Text.Json.Serialization;

namespace AutoShop.Domain.Booking.Seed;

// The JSON shape of a shop seed document. Everything is nullable so a missing field is reported
// by the mapper with its path, instead of surfacing as a default value.

internal sealed record SeedDocument(List<PartDto>? Parts, List<ServiceDto>? Services, List<ShopDto>? Shops);

internal sealed record PartDto(string? Sku, string? Description);

internal sealed record PartLineDto(string? Sku, int? Quantity);

internal sealed record PriceDto(decimal? Amount, string? Currency);

internal sealed record ServiceDto(string? Code, string? Name, int? LaborMinutes, List<string>? Skills, string? BayType,
    List<string>? Tools, List<PartLineDto>? Parts, PriceDto? Price);

internal sealed record ShopDto(string? Id, string? Name, string? TimeZone, string? PhoneRegion,
    int? SlotGranularityMinutes, int? BookingHorizonDays, int? MinimumNoticeMinutes,
    Dictionary<string, List<string>>? OpeningHours, List<string>? Closures,
    List<TechnicianDto>? Technicians, List<BayDto>? Bays, List<ToolDto>? Tools, List<string>? ServiceCodes);

internal sealed record TechnicianDto(string? Id, string? Name, List<string>? Skills, Dictionary<string, List<string>>? Shifts,
    List<TimeOffDto>? TimeOff, decimal? DailyCapHours);

/// <summary>Either a whole <see cref="Date"/>, or local date-times <see cref="From"/>–<see cref="To"/>.</summary>
internal sealed record TimeOffDto(string? Date, string? From, string? To);

internal sealed record BayDto(string? Id, string? Name, string? Type);

internal sealed record ToolDto(string? Type, int? Count);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(SeedDocument))]
internal sealed partial class SeedJsonContext : JsonSerializerContext;
