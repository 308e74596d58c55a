using AutoShop.Domain.Booking;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Booking;

public class AvailabilitySearchTests
{
    private readonly AvailabilitySearch search = new(Clock());

    private static Instant Local(LocalDateTime local) => local.InZoneStrictly(NewYork).ToInstant();

    private AvailabilityResult Find(ShopSetup setup, LocalDateTime from, LocalDateTime to, IEnumerable<ExistingBooking>? bookings = null,
        string services = "brake-pads", int max = 500) =>
        search.Find(new AvailabilityQuery(setup, Codes(services.Split(',')), Local(from), Local(to), bookings ?? [], max)).Value;

    [Fact]
    public void Offers_come_earliest_first_on_the_slot_grid_within_opening_hours()
    {
        var offers = Find(Setup(), At(Tuesday, 0), At(Tuesday.PlusDays(1), 0)).Offers;

        Assert.Equal(At(Tuesday, 8), offers[0].LocalStart.LocalDateTime);
        Assert.Equal(At(Tuesday, 16), offers[^1].LocalStart.LocalDateTime);
        Assert.Equal(33, offers.Length);
        Assert.Equal(offers.OrderBy(o => o.Start), offers);
    }

    [Fact]
    public void The_search_honours_the_result_limit()
    {
        Assert.Equal(5, Find(Setup(), At(Tuesday, 0), At(Tuesday.PlusDays(3), 0), max: 5).Offers.Length);
    }

    [Fact]
    public void Offers_carry_utc_instants_and_shop_local_times_with_offset()
    {
        var offer = Find(Setup(), At(Tuesday, 8), At(Tuesday, 9)).Offers[0];

        Assert.Equal(Instant.FromUtc(2026, 3, 3, 13, 0), offer.Start);
        Assert.Equal("2026-03-03T08:00:00-05", offer.LocalStart.ToString("uuuu-MM-dd'T'HH:mm:sso<g>", null));
        Assert.Equal("2026-03-03T09:00:00-05", offer.LocalEnd.ToString("uuuu-MM-dd'T'HH:mm:sso<g>", null));
    }

    [Fact]
    public void Nothing_inside_the_minimum_notice_is_offered()
    {
        var offers = Find(Setup(), At(Monday, 0), At(Monday, 12)).Offers;

        Assert.Equal(At(Monday, 9), offers[0].LocalStart.LocalDateTime);
    }

    [Fact]
    public void The_least_loaded_technician_that_day_gets_the_offer_and_ties_go_to_the_lower_id()
    {
        var anasMorning = Booked("a", At(Tuesday, 8), 60, "ana", "bay-2");

        var tuesday = Find(Setup(), At(Tuesday, 14), At(Tuesday, 15), [anasMorning]).Offers[0];
        var wednesday = Find(Setup(), At(Tuesday.PlusDays(1), 14), At(Tuesday.PlusDays(1), 15), [anasMorning]).Offers[0];

        Assert.Equal("ben", tuesday.TechnicianId.Value);
        Assert.Equal("ana", wednesday.TechnicianId.Value);
    }

    [Fact]
    public void A_scarce_tool_in_use_removes_the_starts_that_overlap_it()
    {
        var setup = Setup(techs: [Tech("ana", "diagnostics"), Tech("ben", "diagnostics")]);
        var scannerInUse = Booked("a", At(Tuesday, 10), 60, "ben", "bay-2", "diagnostic-scanner#0");

        var starts = Find(setup, At(Tuesday, 9), At(Tuesday, 12), [scannerInUse], "diagnostic").Offers.Select(o => o.LocalStart.LocalDateTime).ToList();

        Assert.Equal([At(Tuesday, 9), At(Tuesday, 9, 15), At(Tuesday, 11), At(Tuesday, 11, 15), At(Tuesday, 11, 30), At(Tuesday, 11, 45)], starts);
    }

    [Fact]
    public void Every_offer_can_be_booked_by_the_planner()
    {
        var setup = Setup(techs: [Tech("ana", "brakes,diagnostics", dailyCap: Duration.FromHours(3)), Tech("ben", "diagnostics")], scanners: 2);
        var bookings = new[]
        {
            Booked("a", At(Tuesday, 9), 90, "ana", "bay-1", "diagnostic-scanner#1", [0, 1, 2, 3, 4, 5]),
            Booked("b", At(Tuesday, 13), 60, "ben", "bay-2", "diagnostic-scanner#0"),
        };
        var planner = new BookingPlanner(Clock());

        var offers = Find(setup, At(Tuesday, 0), At(Tuesday.PlusDays(1), 0), bookings, "diagnostic").Offers;

        Assert.NotEmpty(offers);
        foreach (var offer in offers)
        {
            var plan = planner.Plan(new BookingRequest(setup, Codes("diagnostic"), offer.LocalStart.LocalDateTime, bookings)).Value;
            Assert.Equal((offer.Start, offer.TechnicianId, offer.BayId), (plan.Start, plan.Resources.TechnicianId, plan.Resources.BayId));
        }
    }

    [Fact]
    public void A_request_the_shop_cannot_serve_is_rejected_rather_than_answered_with_no_offers()
    {
        var result = search.Find(new AvailabilityQuery(Setup(), Codes("brake-pads", "alignment"), Local(At(Tuesday, 0)), Local(At(Tuesday, 12)), []));

        Assert.IsType<ConflictingBayTypes>(result.Error);
    }

    [Fact]
    public void The_days_to_load_are_the_whole_local_days_of_the_window()
    {
        var days = search.DatesToLoad(Shop(), Local(At(Monday, 0)), Local(At(Tuesday, 10)));

        Assert.Equal([Monday, Tuesday], days);
    }
}
