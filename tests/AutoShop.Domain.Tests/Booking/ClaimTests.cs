using AutoShop.Domain.Booking;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Booking;

public class ClaimTests
{
    private readonly BookingPlanner planner = new(Clock());

    private Assignment Plan(ShopSetup setup, LocalDateTime start, string services = "brake-pads", params ExistingBooking[] bookings) =>
        planner.Plan(new BookingRequest(setup, Codes(services.Split(',')), start, bookings)).Value;

    [Fact]
    public void An_assignment_claims_every_utc_bucket_of_its_technician_bay_and_tool_units()
    {
        var assignment = Plan(Setup(), At(Tuesday, 9), "diagnostic");

        Assert.Equal(
        [
            "tech_ana_20260303T1400Z", "bay_bay-1_20260303T1400Z", "tool_diagnostic-scanner_0_20260303T1400Z",
            "tech_ana_20260303T1415Z", "bay_bay-1_20260303T1415Z", "tool_diagnostic-scanner_0_20260303T1415Z",
            "tech_ana_20260303T1430Z", "bay_bay-1_20260303T1430Z", "tool_diagnostic-scanner_0_20260303T1430Z",
        ], assignment.Claims.Select(c => c.Key));
        var toolClaim = assignment.Claims[2];
        Assert.Equal((ClaimKind.ToolUnit, "diagnostic-scanner", 0, Instant.FromUtc(2026, 3, 3, 14, 0)),
            (toolClaim.Kind, toolClaim.ResourceId, toolClaim.Unit!.Value, toolClaim.Bucket!.Value));
    }

    [Fact]
    public void Claim_keys_hold_no_character_azure_table_keys_forbid()
    {
        var setup = Setup(techs: [Tech("ana", "brakes,diagnostics,alignment", dailyCap: Duration.FromHours(6)), Tech("ben")]);

        var keys = Plan(setup, At(Tuesday, 9), "diagnostic").Claims.Select(c => c.Key);

        Assert.All(keys, key => Assert.True(key.Length <= 255 && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)), key));
    }

    [Fact]
    public void Two_decisions_made_on_the_same_schedule_for_overlapping_jobs_share_a_claim()
    {
        var setup = Setup(techs: [Tech("ana")], catalog: [Service("brake-pads", 60)]);

        var first = Plan(setup, At(Tuesday, 9)).Claims.Select(c => c.Key);
        var second = Plan(setup, At(Tuesday, 9, 45)).Claims.Select(c => c.Key);

        Assert.Contains("tech_ana_20260303T1445Z", first.Intersect(second));
    }

    [Fact]
    public void Back_to_back_jobs_share_no_claim()
    {
        var setup = Setup(techs: [Tech("ana")], catalog: [Service("brake-pads", 60)]);

        var first = Plan(setup, At(Tuesday, 9));
        var second = Plan(setup, At(Tuesday, 10), bookings: first.ToBooking(AppointmentId.Parse("a")));

        Assert.Empty(first.Claims.Select(c => c.Key).Intersect(second.Claims.Select(c => c.Key)));
    }

    [Fact]
    public void A_capped_technician_claims_one_cap_ordinal_per_slot_of_the_job()
    {
        var setup = Setup(techs: [Tech("ana", dailyCap: Duration.FromHours(2))], catalog: [Service("brake-pads", 60)]);

        var assignment = Plan(setup, At(Tuesday, 9));

        Assert.Equal(["cap_ana_20260303_000", "cap_ana_20260303_001", "cap_ana_20260303_002", "cap_ana_20260303_003"],
            assignment.Claims.Where(c => c.Kind == ClaimKind.DailyCap).Select(c => c.Key));
        Assert.Equal([0, 1, 2, 3], assignment.Resources.CapUnits);
    }

    [Fact]
    public void Concurrent_bookings_that_together_pass_the_cap_collide_on_a_cap_claim()
    {
        var setup = Setup(techs: [Tech("ana", dailyCap: Duration.FromHours(1.5))], catalog: [Service("brake-pads", 60)]);

        var morning = Plan(setup, At(Tuesday, 9)).Claims.Select(c => c.Key);
        var afternoon = Plan(setup, At(Tuesday, 14)).Claims.Select(c => c.Key);

        Assert.Contains("cap_ana_20260303_000", morning.Intersect(afternoon));
    }

    [Fact]
    public void Cap_ordinals_freed_by_a_cancelled_job_are_reused_first()
    {
        var setup = Setup(techs: [Tech("ana", dailyCap: Duration.FromHours(3))], catalog: [Service("brake-pads", 60)]);
        var kept = Booked("kept", At(Tuesday, 11), 60, "ana", "bay-1", capUnits: [4, 5, 6, 7]);

        var assignment = Plan(setup, At(Tuesday, 9), bookings: kept);

        Assert.Equal([0, 1, 2, 3], assignment.Resources.CapUnits);
    }

    [Fact]
    public void A_daily_cap_stops_a_booking_that_would_exceed_it()
    {
        var setup = Setup(techs: [Tech("ana", dailyCap: Duration.FromHours(2))], catalog: [Service("brake-pads", 60), Service("brake-fluid", 30)]);
        var booked = Booked("a", At(Tuesday, 9), 90, "ana", "bay-1", capUnits: [0, 1, 2, 3, 4, 5]);

        var tooMuch = planner.Plan(new BookingRequest(setup, Codes("brake-pads"), At(Tuesday, 13), [booked]));
        var fits = planner.Plan(new BookingRequest(setup, Codes("brake-fluid"), At(Tuesday, 13), [booked]));

        Assert.IsType<NoCapacity>(tooMuch.Error);
        Assert.Equal([6, 7], fits.Value.Resources.CapUnits);
    }

    [Fact]
    public void The_daily_cap_counts_labor_of_the_local_day_only()
    {
        var setup = Setup(techs: [Tech("ana", dailyCap: Duration.FromHours(1))], catalog: [Service("brake-pads", 60)]);
        var monday = Booked("a", At(Monday, 14), 60, "ana", "bay-1", capUnits: [0, 1, 2, 3]);

        Assert.True(planner.Plan(new BookingRequest(setup, Codes("brake-pads"), At(Tuesday, 9), [monday])).IsSuccess);
    }

    [Fact]
    public void A_daily_cap_shorter_than_one_slot_admits_no_job()
    {
        var setup = Setup(techs: [Tech("ana", dailyCap: Duration.FromMinutes(10))], catalog: [Service("quick-look", 10, skills: "")]);

        Assert.IsType<NoCapacity>(planner.Plan(new BookingRequest(setup, Codes("quick-look"), At(Tuesday, 9), [])).Error);
    }
}
