using System.Text.Json.Nodes;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>Valid booking bodies that tests then bend one field at a time.</summary>
public static class BookingRequests
{
    public const string Shop = "queens-blvd";

    /// <summary>A North American VIN with a correct check digit.</summary>
    public const string Vin = "1M8GDM9AXKP042788";

    public static JsonObject Valid(string start, params string[] services) => AtShop(Shop, start, services);

    public static JsonObject AtShop(string shop, string start, params string[] services) => new()
    {
        ["shopId"] = shop,
        ["customer"] = new JsonObject
        {
            ["name"] = "Rosa Diaz",
            ["email"] = "rosa.diaz@example.com",
            ["phone"] = "(212) 555-0123",
            ["emailOptIn"] = true,
            ["smsOptIn"] = true,
            ["preferredChannels"] = new JsonArray("email", "sms"),
            ["language"] = "en",
        },
        ["vehicle"] = new JsonObject
        {
            ["vin"] = Vin,
            ["plate"] = "NYC-4821",
            ["make"] = "Honda",
            ["model"] = "Civic",
            ["year"] = 2019,
            ["mileage"] = 48200,
        },
        ["services"] = new JsonArray([.. (services.Length == 0 ? ["oil-change"] : services).Select(s => (JsonNode?)s)]),
        ["start"] = start,
        ["notes"] = "Squeak from the front left wheel.",
        ["source"] = "web",
    };

    /// <summary>A copy of <paramref name="body"/> with one field (dotted path) replaced, or removed when <paramref name="value"/> is null.</summary>
    public static JsonObject With(this JsonObject body, string path, JsonNode? value)
    {
        var copy = (JsonObject)body.DeepClone();
        var parts = path.Split('.');
        var parent = copy;
        foreach (var part in parts[..^1]) parent = (JsonObject)parent[part]!;
        if (value is null) parent.Remove(parts[^1]);
        else parent[parts[^1]] = value;
        return copy;
    }
}
