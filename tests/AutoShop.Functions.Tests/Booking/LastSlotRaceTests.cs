using System.Net;
using System.Text.Json;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>
/// An A/C recharge at queens-blvd needs Sam (the only hvac technician) and the single
/// <c>ac-recovery</c> unit, so one start holds exactly one booking however many ask for it.
/// </summary>
public sealed class LastSlotRaceTests
{
    private const int Contenders = 50;
    private const string Start = "2026-12-01T09:00";

    [Fact]
    public Task Fifty_parallel_bookings_for_the_last_free_slot_yield_one_201_and_49_conflicts_with_alternatives() =>
        RaceAsync(instances: 1);

    [Fact]
    public Task Two_app_instances_sharing_fifty_bookings_for_the_last_free_slot_still_yield_exactly_one_booking() =>
        RaceAsync(instances: 2);

    private static async Task RaceAsync(int instances)
    {
        await using var shop = await BookingHarness.StartAsync(instances: instances);
        var clients = shop.Instances.Select(app => app.CreateClient()).ToList();
        var body = BookingRequests.Valid(Start, "ac-recharge");

        var answers = await Task.WhenAll(Enumerable.Range(0, Contenders).Select(async i =>
        {
            using var response = await BookingHarness.BookAsync(clients[i % clients.Count], body);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                Body: JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone());
        }));

        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        var losers = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Contenders - 1, losers.Count);
        Assert.All(losers, l =>
        {
            Assert.Equal(HttpStatusCode.Conflict, l.StatusCode);
            Assert.Equal("application/problem+json", l.MediaType);
            var alternatives = l.Body.GetProperty("alternatives").EnumerateArray().ToList();
            Assert.NotEmpty(alternatives);
            Assert.All(alternatives, a => Assert.NotEqual("2026-12-01T09:00:00-05:00", a.GetProperty("start").GetProperty("local").GetString()));
        });

        var id = winner.Body.GetProperty("id").GetString();
        var rows = await shop.ScheduleRowsAsync("queens-blvd|2026-12-01");
        Assert.Equal("appt|" + id, Assert.Single(BookingHarness.WithPrefix(rows, "appt|")).RowKey);
        Assert.Single(BookingHarness.WithPrefix(rows, "audit|"));
        // 75 minutes = five buckets, each held once for Sam, the bay and the A/C unit.
        var claims = BookingHarness.WithPrefix(rows, "claim|");
        Assert.Equal(15, claims.Count);
        Assert.All(claims, c => Assert.Equal(id, c.GetString("AppointmentId")));
        Assert.Equal(5, claims.Count(c => c.RowKey.StartsWith("claim|tool_ac-recovery_0_", StringComparison.Ordinal)));
        Assert.Equal(5, claims.Count(c => c.RowKey.StartsWith("claim|tech_sam-okafor_", StringComparison.Ordinal)));
        foreach (var client in clients) client.Dispose();
    }
}
