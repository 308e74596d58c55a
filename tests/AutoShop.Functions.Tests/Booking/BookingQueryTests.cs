using System.Net;
using System.Text.Json;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>
/// Availability and the day's schedule read their query strings as they did when minimal APIs bound them:
/// a repeated text parameter is its values joined with commas, and a number or flag that does not parse
/// is refused naming it before the shop is looked up.
/// </summary>
public sealed class BookingQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Services_named_in_a_repeated_parameter_are_searched_as_one_job()
    {
        await using var shop = await BookingHarness.StartAsync();
        using var client = shop.App.CreateClient();
        const string window = "from=2026-11-25&to=2026-11-26&limit=5";

        var repeated = await OkAsync(client, $"/api/shops/queens-blvd/availability?services=oil-change&services=tire-rotation&{window}");
        var joined = await OkAsync(client, $"/api/shops/queens-blvd/availability?services=oil-change,tire-rotation&{window}");

        Assert.Equal(["oil-change", "tire-rotation"], repeated.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(joined.ToString(), repeated.ToString());
    }

    [Theory]
    [InlineData("/api/shops/no-such-shop/availability?services=oil-change&limit=lots", "limit", "must be a whole number.")]
    [InlineData("/api/shops/no-such-shop/availability?services=oil-change&limit=", "limit", "must be a whole number.")]
    [InlineData("/api/shops/queens-blvd/availability?services=oil-change&limit=3&limit=4", "limit", "must be a whole number.")]
    [InlineData("/api/shops/no-such-shop/availability?services=oil-change&preferAfterParts=maybe", "preferAfterParts", "must be true or false.")]
    [InlineData("/api/shops/queens-blvd/availability?services=oil-change&preferAfterParts=true&preferAfterParts=false", "preferAfterParts", "must be true or false.")]
    public async Task An_unreadable_number_or_flag_is_400_naming_it_whether_or_not_the_shop_exists(string url, string field, string message)
    {
        await using var shop = await BookingHarness.StartAsync();
        using var client = shop.App.CreateClient();

        using var response = await client.GetAsync(url, Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The request could not be read", problem.GetProperty("title").GetString());
        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task A_number_and_a_flag_in_their_invariant_forms_are_read()
    {
        await using var shop = await BookingHarness.StartAsync();
        using var client = shop.App.CreateClient();

        var found = await OkAsync(client, "/api/shops/queens-blvd/availability?services=oil-change&limit=%2B2&preferAfterParts=FALSE");

        Assert.Equal(2, found.GetProperty("slots").GetArrayLength());
    }

    [Fact]
    public async Task A_repeated_date_is_not_a_day_of_the_schedule()
    {
        await using var shop = await BookingHarness.StartAsync();
        using var staff = shop.App.CreateStaffClient();

        using var response = await staff.GetAsync("/api/shops/queens-blvd/schedule?date=2026-11-25&date=2026-11-26", Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("date", out _), problem.ToString());
    }

    private static async Task<JsonElement> OkAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
