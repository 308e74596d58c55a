using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>queens-blvd is in America/New_York: 2027-03-14 02:00-03:00 never happens, 2026-11-01 01:00-02:00 happens twice.</summary>
public sealed class DaylightSavingBookingTests
{
    [Fact]
    public async Task A_start_in_the_spring_forward_gap_is_422_naming_start_and_writes_nothing()
    {
        await using var shop = await BookingHarness.StartAsync(now: new DateTimeOffset(2027, 2, 1, 12, 0, 0, TimeSpan.Zero));
        var before = await shop.ScheduleRowsAsync();
        using var client = shop.App.CreateClient();

        using var response = await BookingHarness.BookAsync(client, BookingRequests.Valid("2027-03-14T02:30", "oil-change"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("start").EnumerateArray()).GetString();
        Assert.Contains("does not exist in America/New_York", message);
        Assert.Equal(before.Count, (await shop.ScheduleRowsAsync()).Count);
    }

    [Fact]
    public async Task A_start_in_the_fall_back_fold_books_the_earlier_of_the_two_instants()
    {
        // A night shift on Sundays makes 01:30 on the fall-back night bookable at all.
        await using var shop = await BookingHarness.StartAsync(now: new DateTimeOffset(2026, 10, 20, 12, 0, 0, TimeSpan.Zero), seed: NightShiftSeed());

        var booked = await shop.BookOkAsync(BookingRequests.Valid("2026-11-01T01:30", "cabin-filter"));

        Assert.Equal("2026-11-01T01:30:00-04:00", booked.GetProperty("start").GetProperty("local").GetString());
        Assert.Equal("2026-11-01T05:30:00Z", booked.GetProperty("start").GetProperty("utc").GetString());
        Assert.Equal("2026-11-01T01:45:00-04:00", booked.GetProperty("end").GetProperty("local").GetString());
        Assert.Equal("lena-kim", booked.GetProperty("technicianId").GetString());
        var rows = await shop.ScheduleRowsAsync("queens-blvd|2026-11-01");
        Assert.Single(BookingHarness.WithPrefix(rows, "appt|"));
        Assert.Contains(rows, r => r.RowKey == "claim|tech_lena-kim_20261101T0530Z");
    }

    private static string NightShiftSeed()
    {
        var seed = JsonNode.Parse(BookingHarness.DemoSeed)!;
        var queens = seed["shops"]!.AsArray().Single(s => (string?)s!["id"] == "queens-blvd")!;
        queens["openingHours"]!["sunday"] = new JsonArray("00:00-06:00");
        var lena = queens["technicians"]!.AsArray().Single(t => (string?)t!["id"] == "lena-kim")!;
        lena["shifts"]!["sunday"] = new JsonArray("00:00-06:00");
        return seed.ToJsonString();
    }
}
