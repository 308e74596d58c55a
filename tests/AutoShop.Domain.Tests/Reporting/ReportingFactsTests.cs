using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Reporting;
using AutoShop.Domain.Vehicles;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Reporting;

public class ReportingFactsTests
{
    [Fact]
    public void The_slot_is_read_back_from_the_summary_the_appointment_writes_in_its_audit_entry()
    {
        var clock = Clock();
        var setup = Setup();
        var slot = new BookingPlanner(clock).Plan(new BookingRequest(setup, Codes("brake-pads"), At(Tuesday, 9), [])).Value;
        var customer = Customer.TryCreate("Jane", EmailAddress.Parse("jane@example.com"), null,
            ContactPreferences.TryCreate(true, false, ContactChannels.Email, ContactLanguage.En).OrThrow()).OrThrow();
        var vehicle = Vehicle.TryCreate(null, "abc 123", "Honda", "Civic", 2019, null, 2027).OrThrow();
        var appointment = Appointment.Book(AppointmentId.Parse("a-1"), setup.Shop, slot, customer, vehicle, null, BookingSource.Web, Actor.Customer("jane@example.com"), clock).Value.Appointment;

        var cancelled = appointment.Cancel(Actor.Staff("s-1"), ReasonCode.CustomerRequest, clock).Value;

        var before = SlotSummary.TryParse(cancelled.Audit.Before);
        Assert.Equal(new SlotSummary(slot.Resources.TechnicianId, slot.Start, slot.End), before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("status=booked")]
    [InlineData("status=booked; start=yesterday; end=2026-03-03T15:00:00Z; services=x; technician=ana bay=b tools=[]")]
    [InlineData("status=booked; start=2026-03-03T15:00:00Z; end=2026-03-03T14:00:00Z; services=x; technician=ana bay=b tools=[]")]
    public void A_summary_in_another_shape_gives_no_slot(string summary)
    {
        Assert.Null(SlotSummary.TryParse(summary));
    }

    [Fact]
    public void A_period_runs_from_the_first_local_midnight_to_the_one_after_the_last_day()
    {
        var period = ReportingPeriod.TryCreate(new LocalDate(2026, 3, 8), new LocalDate(2026, 3, 8), NewYork).Value;

        Assert.Equal(Duration.FromHours(23), period.End - period.Start); // spring forward
        Assert.True(period.Contains(Instant.FromUtc(2026, 3, 9, 3, 59)));
        Assert.False(period.Contains(Instant.FromUtc(2026, 3, 9, 4, 0)));
    }

    [Theory]
    [InlineData("2026-03-09", "2026-03-08", "to")]
    [InlineData("2026-01-01", "2027-01-02", "to")]
    [InlineData("2026-13-01", "2026-12-01", "from")]
    [InlineData("2026-03-01", null, "to")]
    public void A_period_must_be_ordered_dates_of_at_most_a_year(string? from, string? to, string field)
    {
        Assert.Equal(field, ReportingPeriod.TryParse(from, to, NewYork).Error.Field);
    }

    [Theory]
    [InlineData("9999-12-30", "9999-12-31", "from")] // its end, the start of the day after, is past the calendar
    [InlineData("2026-12-01", "9999-12-31", "to")]
    [InlineData("0001-01-01", "0001-01-02", "from")]
    [InlineData("1999-12-31", "2000-01-01", "from")]
    [InlineData("2199-12-31", "2200-01-01", "to")]
    public void A_period_outside_the_dates_a_request_may_name_is_refused_before_its_instants_are_computed(string from, string to, string field)
    {
        var error = ReportingPeriod.TryParse(from, to, NewYork).Error;

        Assert.Equal((field, RequestDates.OutOfRangeMessage), (error.Field, error.Message));
    }

    [Fact]
    public void The_dates_a_request_may_name_reach_from_2000_to_2199()
    {
        var period = ReportingPeriod.TryParse("2199-12-31", "2199-12-31", NewYork).Value;

        Assert.Equal(Instant.FromUtc(2200, 1, 1, 5, 0), period.End);
        Assert.True(ReportingPeriod.TryParse("2000-01-01", "2000-01-01", NewYork).IsSuccess);
    }

    [Theory]
    [InlineData(2026, 3, 8, 4)]  // 00:00–05:00 on the spring-forward night lasts 4 hours
    [InlineData(2026, 11, 1, 6)] // and 6 on the fall-back night
    [InlineData(2026, 3, 15, 5)]
    public void Shift_hours_are_elapsed_time_across_a_dst_change(int year, int month, int day, double hours)
    {
        var night = Tech("nora", shifts: WeeklyHours.Of((IsoDayOfWeek.Sunday, "00:00-05:00")));
        var setup = Setup(techs: [night]);
        var date = new LocalDate(year, month, day);

        var report = KpiCalculator.Compute(new KpiInput(setup, ReportingPeriod.TryCreate(date, date, NewYork).Value, Duration.FromHours(24), [], []));

        Assert.Equal(hours, report.Utilization.Technicians.Single().Total.ShiftHours);
    }

    [Fact]
    public void A_technician_no_longer_in_the_setup_still_shows_the_hours_booked_on_them()
    {
        var start = At(Monday, 9).InZoneStrictly(NewYork).ToInstant();
        var fact = new AppointmentFact(AppointmentId.Parse("x"), TechnicianId.Parse("gone"), start, start + Duration.FromHours(2), 120,
            start - Duration.FromDays(1), AppointmentStatus.Completed, null, null, null);

        var report = KpiCalculator.Compute(new KpiInput(Setup(), ReportingPeriod.TryCreate(Monday, Monday, NewYork).Value, Duration.FromHours(24), [fact], []));

        Assert.Equal(new UtilizationCell(2, 0, null), report.Utilization.Technicians.Single(t => t.TechnicianId == "gone").Total);
    }
}
