using AutoShop.Domain.Booking;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Booking;

public class BookingPlannerTests
{
    private readonly BookingPlanner planner = new(Clock());

    private Result<Assignment, BookingRejection> Plan(ShopSetup setup, LocalDateTime start, IEnumerable<ExistingBooking>? bookings = null,
        string services = "brake-pads", AppointmentId? rescheduling = null) =>
        planner.Plan(new BookingRequest(setup, Codes(services.Split(',')), start, bookings ?? [], rescheduling));

    [Fact]
    public void A_free_start_gets_a_technician_a_bay_and_times_in_local_and_utc()
    {
        var assignment = Plan(Setup(), At(Tuesday, 9)).Value;

        Assert.Equal(TechnicianId.Parse("ana"), assignment.Resources.TechnicianId);
        Assert.Equal(BayId.Parse("bay-1"), assignment.Resources.BayId);
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 14, 0), assignment.Start);
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 15, 0), assignment.End);
        Assert.Equal(Offset.FromHours(-5), assignment.LocalStart.Offset);
        Assert.Equal(Tuesday, assignment.LocalDate);
        Assert.Equal(60, assignment.LaborMinutes);
    }

    [Fact]
    public void Cannot_book_the_last_bay_twice()
    {
        var setup = Setup(bays: [Bay("bay-1"), Bay("rack-1", "alignment-rack")]);
        var first = Plan(setup, At(Tuesday, 9)).Value.ToBooking(AppointmentId.Parse("first"));

        var second = Plan(setup, At(Tuesday, 9, 30), [first]);

        Assert.IsType<NoCapacity>(second.Error);
    }

    [Fact]
    public void A_busy_technician_is_passed_over_for_a_free_one()
    {
        var busy = Booked("x", At(Tuesday, 9), 60, "ana", "bay-2");

        var assignment = Plan(Setup(), At(Tuesday, 9), [busy]).Value;

        Assert.Equal("ben", assignment.Resources.TechnicianId.Value);
        Assert.Equal("bay-1", assignment.Resources.BayId.Value);
    }

    [Fact]
    public void A_technician_without_every_required_skill_is_never_assigned()
    {
        var busy = Booked("x", At(Tuesday, 9), 60, "ana", "bay-2");

        var result = Plan(Setup(), At(Tuesday, 9), [busy], "brake-pads,diagnostic");

        Assert.IsType<NoCapacity>(result.Error);
    }

    [Fact]
    public void Services_run_back_to_back_so_the_job_lasts_their_summed_labor_rounded_up_to_the_grid()
    {
        var assignment = Plan(Setup(), At(Tuesday, 9), services: "brake-pads,diagnostic").Value;

        Assert.Equal(105, assignment.LaborMinutes);
        Assert.Equal(Duration.FromMinutes(105), assignment.End - assignment.Start);
        Assert.Equal("diagnostic-scanner#0", Assert.Single(assignment.Resources.ToolUnits).ToString());
    }

    [Fact]
    public void A_scarce_tool_unit_cannot_be_held_by_two_jobs_at_once()
    {
        var first = Booked("x", At(Tuesday, 9), 60, "ben", "bay-2", "diagnostic-scanner#0");
        var setup = Setup(techs: [Tech("ana", "diagnostics"), Tech("ben", "diagnostics")]);

        Assert.IsType<NoCapacity>(Plan(setup, At(Tuesday, 9, 30), [first], "diagnostic").Error);
        Assert.Equal(1, Plan(Setup(techs: [Tech("ana", "diagnostics"), Tech("ben", "diagnostics")], scanners: 2), At(Tuesday, 9, 30), [first], "diagnostic")
            .Value.Resources.ToolUnits[0].Index);
    }

    [Fact]
    public void A_technician_on_time_off_is_not_assigned()
    {
        var setup = Setup(techs: [Tech("ana", timeOff: [TimeOff.WholeDay(Tuesday)]), Tech("ben", timeOff: [TimeOff.Between(At(Tuesday, 8), At(Tuesday, 9, 15))])],
            catalog: [Service("brake-pads", 60)]);

        Assert.IsType<NoCapacity>(Plan(setup, At(Tuesday, 9)).Error);
        Assert.Equal("ben", Plan(setup, At(Tuesday, 9, 15)).Value.Resources.TechnicianId.Value);
    }

    [Fact]
    public void A_job_must_fit_inside_the_technicians_shift()
    {
        var setup = Setup(techs: [Tech("ana", shifts: WeeklyHours.Every(WeeklyHours.Weekdays, "12:00-17:00"))], catalog: [Service("brake-pads", 60)]);

        Assert.IsType<NoCapacity>(Plan(setup, At(Tuesday, 11, 30)).Error);
        Assert.True(Plan(setup, At(Tuesday, 12)).IsSuccess);
    }

    [Fact]
    public void A_start_with_less_than_the_minimum_notice_is_too_soon()
    {
        var result = Plan(Setup(), At(Monday, 8, 45));

        var tooSoon = Assert.IsType<TooSoon>(result.Error);
        Assert.Equal(Instant.FromUtc(2026, 3, 2, 14, 0), tooSoon.Earliest);
        Assert.True(Plan(Setup(), At(Monday, 9)).IsSuccess);
    }

    [Fact]
    public void A_start_at_or_beyond_the_booking_horizon_is_rejected()
    {
        var setup = Setup(Shop(horizon: Duration.FromDays(7)));

        Assert.IsType<BeyondHorizon>(Plan(setup, At(Monday.PlusDays(7), 9)).Error);
        Assert.True(Plan(setup, At(Monday.PlusDays(4), 9)).IsSuccess);
    }

    [Fact]
    public void A_start_off_the_slot_grid_is_rejected()
    {
        Assert.IsType<NotOnSlotGrid>(Plan(Setup(), At(Tuesday, 9, 10)).Error);
    }

    [Fact]
    public void A_job_running_past_closing_time_is_outside_opening_hours()
    {
        Assert.IsType<OutsideOpeningHours>(Plan(Setup(), At(Tuesday, 16, 30)).Error);
        Assert.IsType<OutsideOpeningHours>(Plan(Setup(), At(Tuesday, 7, 45)).Error);
        Assert.True(Plan(Setup(), At(Tuesday, 16)).IsSuccess);
    }

    [Fact]
    public void A_job_on_a_closure_date_is_rejected()
    {
        var setup = Setup(Shop(closures: [Tuesday]));

        Assert.Equal(Tuesday, Assert.IsType<ShopClosed>(Plan(setup, At(Tuesday, 10)).Error).Date);
    }

    [Fact]
    public void A_job_on_a_day_without_opening_hours_is_rejected()
    {
        Assert.IsType<OutsideOpeningHours>(Plan(Setup(), At(Monday.PlusDays(6), 10)).Error);
    }

    [Fact]
    public void An_unknown_service_is_rejected_by_code()
    {
        var result = Plan(Setup(), At(Tuesday, 9), services: "warp-drive");

        Assert.Equal("warp-drive", Assert.IsType<UnknownService>(result.Error).Code.Value);
        Assert.Equal("serviceCodes", result.Error.Field);
    }

    [Fact]
    public void Services_needing_different_bay_types_cannot_share_one_job()
    {
        var result = Plan(Setup(), At(Tuesday, 9), services: "brake-pads,alignment");

        Assert.Equal(2, Assert.IsType<ConflictingBayTypes>(result.Error).BayTypes.Length);
    }

    [Fact]
    public void A_job_whose_claims_would_not_fit_one_storage_transaction_is_too_long()
    {
        var setup = Setup(catalog: [Service("engine-rebuild", 12 * 60, tools: "diagnostic-scanner")]);

        var tooLong = Assert.IsType<JobTooLong>(Plan(setup, At(Tuesday, 8), services: "engine-rebuild").Error);

        Assert.Equal(48 * 3, tooLong.ClaimCount);
    }

    [Fact]
    public void No_capacity_suggests_the_three_nearest_free_starts()
    {
        var setup = Setup(techs: [Tech("ana")], catalog: [Service("brake-pads", 60)]);
        var busy = Booked("x", At(Tuesday, 10), 90, "ana", "bay-1");

        var noCapacity = Assert.IsType<NoCapacity>(Plan(setup, At(Tuesday, 10, 30), [busy]).Error);

        // 11:30 and 11:45 are nearest; 09:00 and 12:00 tie at 90 minutes away and the earlier wins.
        Assert.Equal([At(Tuesday, 9), At(Tuesday, 11, 30), At(Tuesday, 11, 45)], noCapacity.Alternatives.Select(a => a.LocalStart.LocalDateTime));
    }

    [Fact]
    public void Rescheduling_does_not_collide_with_the_appointments_own_slot()
    {
        var setup = Setup(techs: [Tech("ana")], bays: [Bay("bay-1"), Bay("rack-1", "alignment-rack")], catalog: [Service("brake-pads", 60)]);
        var own = Booked("own", At(Tuesday, 9), 60, "ana", "bay-1");

        Assert.IsType<NoCapacity>(Plan(setup, At(Tuesday, 9, 30), [own]).Error);
        Assert.True(Plan(setup, At(Tuesday, 9, 30), [own], rescheduling: AppointmentId.Parse("own")).IsSuccess);
    }
}
