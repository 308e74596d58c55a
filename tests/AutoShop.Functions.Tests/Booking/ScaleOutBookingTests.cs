using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>
/// Two instances, each planning on its own recent view of the day (the fake clock never ages it):
/// the claims and the fresh read behind every refusal must keep both views harmless.
/// </summary>
public sealed class ScaleOutBookingTests
{
    private static readonly System.Text.Json.Nodes.JsonObject AcAtNine = BookingRequests.Valid("2026-12-01T09:00", "ac-recharge");

    [Fact]
    public async Task A_slot_cancelled_on_one_instance_can_be_booked_at_once_through_another_that_saw_it_taken()
    {
        await using var shop = await BookingHarness.StartAsync(instances: 2);
        using var first = shop.Instances[0].CreateClient();
        using var staffOnSecond = shop.Instances[1].CreateStaffClient();
        var id = (await shop.BookOkAsync(AcAtNine, first)).GetProperty("id").GetString();

        using var cancel = await staffOnSecond.PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reasonCode = "customer-request" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var again = await shop.BookOkAsync(AcAtNine, first);
        Assert.NotEqual(id, again.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_slot_booked_through_one_instance_is_refused_by_another_whose_view_predates_it()
    {
        await using var shop = await BookingHarness.StartAsync(instances: 2);
        using var first = shop.Instances[0].CreateClient();
        using var second = shop.Instances[1].CreateClient();
        // The second instance learns the (empty) day first, then the first instance takes Sam and the A/C unit.
        await shop.BookOkAsync(BookingRequests.Valid("2026-12-01T13:00", "oil-change"), second);
        var winner = (await shop.BookOkAsync(AcAtNine, first)).GetProperty("id").GetString();

        using var late = await BookingHarness.BookAsync(second, AcAtNine);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var problem = await late.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.NotEmpty(problem.GetProperty("alternatives").EnumerateArray());
        var claims = BookingHarness.WithPrefix(await shop.ScheduleRowsAsync("queens-blvd|2026-12-01"), "claim|tool_ac-recovery_");
        Assert.Equal(5, claims.Count);
        Assert.All(claims, c => Assert.Equal(winner, c.GetString("AppointmentId")));
    }
}
