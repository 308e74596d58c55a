using System.Net;
using System.Text.RegularExpressions;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Booking;

public sealed partial class OutboxRelayTests
{
    [Fact]
    public async Task A_booking_whose_event_cannot_reach_the_queue_still_answers_201_and_the_sweep_relays_it_later()
    {
        await using var shop = await BookingHarness.StartAsync();
        // A second instance whose queue endpoint is dead (the discard port) while its tables work.
        var deadQueues = QueueEndpoint().Replace(shop.Storage, "QueueEndpoint=http://127.0.0.1:9/deadqueues;");
        await using var cutOff = new AutoShopApp(deadQueues) { Clock = shop.Clock, AwaitStorage = false };
        using var client = cutOff.CreateClient();

        using var response = await BookingHarness.BookAsync(client, BookingRequests.Valid("2026-12-01T09:00", "oil-change"));

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var id = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("id").GetString();
        var partition = "queens-blvd|2026-12-01";
        Assert.Single(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(partition), "outbox|"));

        // The healthy instance's sweep runs every 30 s of its clock and skips rows younger than 20 s.
        var events = await Eventually.Until(async () =>
        {
            shop.Clock.Advance(TimeSpan.FromSeconds(30));
            return await shop.EventsAsync();
        }, e => e.Count > 0, because: "the sweep relays the event the booking left in the outbox");

        var created = Assert.Single(events);
        Assert.Equal(($"{id}.v1", AppointmentCloudEvents.Created), (created.Id, created.Type));
        Assert.Empty(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(partition), "outbox|"));
    }

    [GeneratedRegex("QueueEndpoint=[^;]*;")]
    private static partial Regex QueueEndpoint();
}
