using AutoShop.Domain.Booking;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Booking;

/// <summary>Which days' bookings a plan needs read: every day that can change its answer, and no other.</summary>
public class BookingPlannerDatesTests
{
    private readonly BookingPlanner planner = new(Clock()); // Monday 2 March 2026, 07:00 in New York

    [Fact]
    public void The_requested_day_and_the_open_days_around_it_are_loaded_but_not_closed_or_past_days()
    {
        var thursday = Monday.PlusDays(3);
        var shop = Shop(closures: [thursday]);

        var dates = planner.DatesToLoad(shop, Monday.PlusDays(2));

        // Sunday 1 March is past and closed; Thursday is a holiday; Saturday opens 09:00-13:00.
        Assert.Equal([Monday, Tuesday, Monday.PlusDays(2), Monday.PlusDays(4), Monday.PlusDays(5)], dates);
    }

    [Fact]
    public void Days_beyond_the_booking_horizon_are_not_loaded()
    {
        var shop = Shop(horizon: Duration.FromDays(5)); // bookable until Saturday 7 March, 07:00

        var dates = planner.DatesToLoad(shop, Monday.PlusDays(4));

        Assert.Equal([Tuesday, Monday.PlusDays(2), Monday.PlusDays(3), Monday.PlusDays(4), Monday.PlusDays(5)], dates);
    }

    [Fact]
    public void The_requested_day_is_loaded_even_when_the_shop_is_closed_then()
    {
        var sunday = Monday.PlusDays(6);

        var dates = planner.DatesToLoad(Shop(), sunday);

        Assert.Contains(sunday, dates);
        Assert.DoesNotContain(Monday.PlusDays(13), dates);
        Assert.Equal([Monday.PlusDays(3), Monday.PlusDays(4), Monday.PlusDays(5), sunday, Monday.PlusDays(7), Monday.PlusDays(8), Monday.PlusDays(9)], dates);
    }

    [Fact]
    public void Bookings_on_the_days_left_out_never_change_a_plan()
    {
        var setup = Setup(techs: [Tech("ana")], bays: [Bay("bay-1")]);
        var wednesday = Monday.PlusDays(2);
        var sundayJob = Booked("sunday", At(Monday.PlusDays(6), 10), 60, "ana", "bay-1");
        var pastJob = Booked("past", At(Monday.PlusDays(-1), 10), 60, "ana", "bay-1");
        var taken = Booked("taken", At(wednesday, 9), 60, "ana", "bay-1");
        var request = At(wednesday, 9);

        var withAll = planner.Plan(new BookingRequest(setup, Codes("brake-pads"), request, [taken, sundayJob, pastJob]));
        var loadedOnly = planner.Plan(new BookingRequest(setup, Codes("brake-pads"), request, [taken]));

        static IEnumerable<string> Offered(Result<Assignment, BookingRejection> plan) =>
            ((NoCapacity)plan.Error).Alternatives.Select(a => $"{a.LocalStart} {a.TechnicianId} {a.BayId}");
        Assert.Equal(Offered(loadedOnly), Offered(withAll));
        Assert.NotEmpty(Offered(withAll));
    }
}
