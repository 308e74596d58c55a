using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AutoShop.Functions.Tests.Booking;

public sealed class AvailabilityAgreesWithBookingTests
{
    [Fact]
    public async Task Every_offered_start_can_be_booked_until_the_day_is_full()
    {
        await using var shop = await BookingHarness.StartAsync();
        using var client = shop.App.CreateClient();
        // Alignment needs the single alignment rack; brake jobs need lifts; both compete for Dev and Tom.
        string[] services = ["wheel-alignment", "brake-pads-front"];
        var random = new Random(20261202);
        var exhausted = new HashSet<string>();
        var booked = 0;

        for (var round = 0; round < 80 && exhausted.Count < services.Length; round++)
        {
            var service = services[round % services.Length];
            if (exhausted.Contains(service)) continue;
            var offers = await OffersAsync(client, service);
            if (offers.Count == 0)
            {
                exhausted.Add(service);
                continue;
            }
            var offer = offers[random.Next(offers.Count)];
            var local = offer.GetProperty("start").GetProperty("local").GetString()!;

            using var response = await BookingHarness.BookAsync(client, BookingRequests.Valid(local[..16], service));

            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{service} offered at {local} but booking answered {(int)response.StatusCode}: {text}");
            var appointment = JsonDocument.Parse(text).RootElement;
            Assert.Equal(local, appointment.GetProperty("start").GetProperty("local").GetString());
            Assert.Equal(offer.GetProperty("technicianId").GetString(), appointment.GetProperty("technicianId").GetString());
            Assert.Equal(offer.GetProperty("bayId").GetString(), appointment.GetProperty("bayId").GetString());
            booked++;
        }

        Assert.Equal(services.Length, exhausted.Count);
        Assert.True(booked >= 10, $"only {booked} bookings before the day was full");
        // Full means full: booking any grid start of the day is now refused.
        using var late = await BookingHarness.BookAsync(client, BookingRequests.Valid("2026-12-02T12:00", "wheel-alignment"));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    private static async Task<List<JsonElement>> OffersAsync(HttpClient client, string service)
    {
        var found = await client.GetFromJsonAsync<JsonElement>(
            $"/api/shops/queens-blvd/availability?services={service}&from=2026-12-02&to=2026-12-03&limit=500", TestContext.Current.CancellationToken);
        return [.. found.GetProperty("slots").EnumerateArray()];
    }
}
