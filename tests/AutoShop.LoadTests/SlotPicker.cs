using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace AutoShop.LoadTests;

/// <summary>One shop as the public API describes it: enough to pick plausible random slots.</summary>
public sealed record ShopPlan(string Id, TimeZoneInfo Zone, int GranularityMinutes, int HorizonDays,
    IReadOnlyDictionary<DayOfWeek, (TimeSpan Open, TimeSpan Close)[]> Hours, IReadOnlySet<DateOnly> Closures,
    IReadOnlyList<(string Code, int Minutes)> Services);

/// <summary>
/// Random booking targets: a shop, a 1-2 hour service it offers, an open day within its horizon and
/// a start on its grid such that the job ends before that stretch of opening hours does.
/// </summary>
public sealed class SlotPicker(IReadOnlyList<ShopPlan> shops, TimeProvider clock)
{
    public static async Task<SlotPicker> LoadAsync(HttpClient client, TimeProvider clock, CancellationToken ct)
    {
        var plans = new List<ShopPlan>();
        foreach (var summary in (await client.GetFromJsonAsync<JsonElement>("/api/shops", ct)).EnumerateArray())
        {
            var id = summary.GetProperty("id").GetString()!;
            var shop = await client.GetFromJsonAsync<JsonElement>($"/api/shops/{id}", ct);
            var services = await client.GetFromJsonAsync<JsonElement>($"/api/shops/{id}/services", ct);
            var hours = shop.GetProperty("openingHours").EnumerateObject().ToDictionary(
                d => Enum.Parse<DayOfWeek>(d.Name, ignoreCase: true),
                d => d.Value.EnumerateArray().Select(r => Range(r.GetString()!)).ToArray());
            plans.Add(new ShopPlan(id, TimeZoneInfo.FindSystemTimeZoneById(shop.GetProperty("timeZone").GetString()!),
                shop.GetProperty("slotGranularityMinutes").GetInt32(), shop.GetProperty("bookingHorizonDays").GetInt32(), hours,
                shop.GetProperty("closures").EnumerateArray().Select(c => DateOnly.ParseExact(c.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet(),
                [.. services.EnumerateArray().Select(s => (s.GetProperty("code").GetString()!, s.GetProperty("laborMinutes").GetInt32()))
                    .Where(s => s.Item2 is >= 60 and <= 120)]));
        }
        return new SlotPicker(plans, clock);
    }

    public IReadOnlyList<ShopPlan> Shops => shops;

    /// <summary>Shop id, service code and shop-local start (<c>yyyy-MM-ddTHH:mm</c>).</summary>
    public (string Shop, string Service, string Start) Next(Random random)
    {
        var shop = shops[random.Next(shops.Count)];
        var (code, minutes) = shop.Services[random.Next(shop.Services.Count)];
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), shop.Zone).DateTime);
        while (true)
        {
            // Tomorrow at the earliest (minimum notice) and the day before the horizon ends at the latest.
            var day = today.AddDays(1 + random.Next(shop.HorizonDays - 1));
            if (shop.Closures.Contains(day) || !shop.Hours.TryGetValue(day.DayOfWeek, out var ranges) || ranges.Length == 0) continue;
            var (open, close) = ranges[random.Next(ranges.Length)];
            var duration = TimeSpan.FromMinutes(Math.Ceiling(minutes / (double)shop.GranularityMinutes) * shop.GranularityMinutes);
            var starts = (int)((close - open - duration).TotalMinutes / shop.GranularityMinutes) + 1;
            if (starts <= 0) continue;
            var start = open + TimeSpan.FromMinutes(random.Next(starts) * shop.GranularityMinutes);
            return (shop.Id, code, $"{day:yyyy-MM-dd}T{start:hh\\:mm}");
        }
    }

    private static (TimeSpan, TimeSpan) Range(string text)
    {
        var parts = text.Split('-');
        return (TimeSpan.ParseExact(parts[0], "hh\\:mm", CultureInfo.InvariantCulture), TimeSpan.ParseExact(parts[1], "hh\\:mm", CultureInfo.InvariantCulture));
    }
}
