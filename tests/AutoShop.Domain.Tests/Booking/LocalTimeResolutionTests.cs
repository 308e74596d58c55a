using AutoShop.Domain.Booking;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Booking;

public class LocalTimeResolutionTests
{
    [Fact]
    public void A_start_in_the_spring_forward_gap_is_rejected_with_a_clear_message()
    {
        var result = ShopLocalTime.ResolveStart(NewYork, new LocalDateTime(2026, 3, 8, 2, 30));

        var gap = Assert.IsType<InDstGap>(result.Error);
        Assert.Equal("start", gap.Field);
        Assert.Contains("does not exist in America/New_York", gap.Message);
    }

    [Fact]
    public void A_start_in_the_fall_back_fold_resolves_to_the_earlier_instant()
    {
        var result = ShopLocalTime.ResolveStart(NewYork, new LocalDateTime(2026, 11, 1, 1, 30));

        Assert.Equal(Instant.FromUtc(2026, 11, 1, 5, 30), result.Value.ToInstant());
        Assert.Equal(Offset.FromHours(-4), result.Value.Offset);
    }

    [Fact]
    public void An_ordinary_start_maps_to_its_single_instant()
    {
        var result = ShopLocalTime.ResolveStart(NewYork, new LocalDateTime(2026, 3, 9, 9, 0));

        Assert.Equal(Instant.FromUtc(2026, 3, 9, 13, 0), result.Value.ToInstant());
    }

    [Fact]
    public void The_planner_rejects_a_start_in_the_DST_gap()
    {
        var nightShop = Setup(Shop(opening: WeeklyHours.Every([IsoDayOfWeek.Sunday], "00:00-06:00")),
            techs: [Tech("ana", shifts: WeeklyHours.Every([IsoDayOfWeek.Sunday], "00:00-06:00"))],
            catalog: [Service("brake-pads", 60)]);
        var planner = new BookingPlanner(Clock());

        var result = planner.Plan(new BookingRequest(nightShop, Codes("brake-pads"), new LocalDateTime(2026, 3, 8, 2, 30), []));

        Assert.IsType<InDstGap>(result.Error);
    }

    [Fact]
    public void Availability_on_the_spring_forward_night_skips_the_missing_hour()
    {
        var nightShop = Setup(Shop(opening: WeeklyHours.Every([IsoDayOfWeek.Sunday], "00:00-06:00")),
            techs: [Tech("ana", shifts: WeeklyHours.Every([IsoDayOfWeek.Sunday], "00:00-06:00"))],
            catalog: [Service("brake-pads", 60)]);
        var search = new AvailabilitySearch(Clock());
        var day = new LocalDate(2026, 3, 8);

        var offers = search.Find(new AvailabilityQuery(nightShop, Codes("brake-pads"),
            day.AtStartOfDayInZone(NewYork).ToInstant(), day.PlusDays(1).AtStartOfDayInZone(NewYork).ToInstant(), [])).Value.Offers;

        var starts = offers.Select(o => o.LocalStart.ToString("HH:mmo<m>", null)).ToList();
        Assert.Contains("01:00-05:00", starts);
        Assert.Contains("03:00-04:00", starts);
        Assert.DoesNotContain(starts, s => s.StartsWith("02:", StringComparison.Ordinal));
        // Opening 00:00-06:00 lasts 5 real hours that night; so 20 quarter-hours hold 17 starts of a 1 h job.
        Assert.Equal(17, offers.Length);
        Assert.Equal(Instant.FromUtc(2026, 3, 8, 10, 0), offers[^1].End); // 06:00 EDT
    }

    [Fact]
    public void Availability_on_the_fall_back_night_offers_each_local_time_once_at_its_earlier_instant()
    {
        var nightShop = Setup(Shop(opening: WeeklyHours.Every([IsoDayOfWeek.Sunday], "00:00-03:00")),
            techs: [Tech("ana", shifts: WeeklyHours.Every([IsoDayOfWeek.Sunday], "00:00-03:00"))],
            catalog: [Service("brake-pads", 60)]);
        var search = new AvailabilitySearch(ClockAt(new LocalDateTime(2026, 10, 25, 12, 0)));
        var day = new LocalDate(2026, 11, 1);

        var offers = search.Find(new AvailabilityQuery(nightShop, Codes("brake-pads"),
            day.AtStartOfDayInZone(NewYork).ToInstant(), day.PlusDays(1).AtStartOfDayInZone(NewYork).ToInstant(), [])).Value.Offers;

        var localStarts = offers.Select(o => o.LocalStart.LocalDateTime).ToList();
        Assert.Equal(localStarts.Distinct().Count(), localStarts.Count);
        var planner = new BookingPlanner(ClockAt(new LocalDateTime(2026, 10, 25, 12, 0)));
        foreach (var offer in offers)
        {
            var plan = planner.Plan(new BookingRequest(nightShop, Codes("brake-pads"), offer.LocalStart.LocalDateTime, []));
            Assert.Equal(offer.Start, plan.Value.Start);
        }
    }
}
