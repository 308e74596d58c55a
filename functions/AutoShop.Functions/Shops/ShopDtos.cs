using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Functions.Shops;

public sealed record ShopDto(string Id, string Name, string TimeZone, string PhoneRegion, IReadOnlyDictionary<string, IReadOnlyList<string>> OpeningHours,
    IReadOnlyList<string> Closures, int SlotGranularityMinutes, int BookingHorizonDays, int MinimumNoticeMinutes);

public sealed record TechnicianDto(string Id, string Name, IReadOnlyList<string> Skills, IReadOnlyDictionary<string, IReadOnlyList<string>> Shifts, double? DailyCapHours);

public sealed record BayDto(string Id, string Name, string Type);

public sealed record ToolDto(string Type, int Count);

public sealed record PartLineDto(string Sku, int Quantity);

public sealed record ServiceDto(string Code, string Name, int LaborMinutes, IReadOnlyList<string> Skills, string BayType,
    IReadOnlyList<string> Tools, IReadOnlyList<PartLineDto> Parts, decimal PriceEstimate, string Currency);

public static class ShopDtoMapping
{
    public static ShopDto ToDto(this Shop shop) => new(shop.Id.Value, shop.Name, shop.Zone.Id, shop.PhoneRegion, Hours(shop.OpeningHours),
        [.. shop.Closures.Order().Select(d => d.ToString("uuuu-MM-dd", null))], (int)shop.SlotGranularity.TotalMinutes,
        (int)shop.BookingHorizon.TotalDays, (int)shop.MinimumNotice.TotalMinutes);

    public static TechnicianDto ToDto(this Technician t) =>
        new(t.Id.Value, t.Name, [.. t.Skills.Select(s => s.Value).Order()], Hours(t.Shifts), t.DailyCap?.TotalHours);

    public static BayDto ToDto(this Bay b) => new(b.Id.Value, b.Name, b.Type.Value);

    public static ServiceDto ToDto(this ServiceDefinition s) => new(s.Code.Value, s.Name, s.LaborMinutes,
        [.. s.RequiredSkills.Select(k => k.Value).Order()], s.BayType.Value, [.. s.Tools.Select(t => t.Value).Order()],
        [.. s.Parts.Select(p => new PartLineDto(p.Sku.Value, p.Quantity))], s.PriceEstimate.Amount, s.PriceEstimate.Currency);

    private static Dictionary<string, IReadOnlyList<string>> Hours(WeeklyHours hours) =>
        hours.Days.ToDictionary(d => d.ToString().ToLowerInvariant(),
            d => (IReadOnlyList<string>)[.. hours.On(d).Select(r => $"{r.Start:HH:mm}-{r.End:HH:mm}")]);
}
