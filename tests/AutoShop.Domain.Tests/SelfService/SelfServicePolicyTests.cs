using System.Collections.Immutable;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.SelfService;
using AutoShop.Domain.Vehicles;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.SelfService;

public class SelfServicePolicyTests
{
    private readonly FakeTimeProvider clock = Clock(); // Monday 07:00 New York
    private readonly ShopSetup setup = Setup();

    private Appointment BookTuesdayNine()
    {
        var slot = new BookingPlanner(clock).Plan(new BookingRequest(setup, Codes("brake-pads"), At(Tuesday, 9), [])).Value;
        var customer = Customer.TryCreate("Jane Doe", EmailAddress.Parse("jane@example.com"), null,
            ContactPreferences.TryCreate(true, false, ContactChannels.Email).OrThrow()).OrThrow();
        var vehicle = Vehicle.TryCreate(null, null, "Honda", "Civic", 2019, null, 2027).OrThrow();
        return Appointment.Book(AppointmentId.Parse("appt-1"), setup.Shop, slot, customer, vehicle, null, BookingSource.Web, Actor.Customer("jane"), clock).Value.Appointment;
    }

    private Instant Now => Instant.FromDateTimeOffset(clock.GetUtcNow());

    [Fact]
    public void Changes_more_than_24_hours_ahead_are_allowed_and_inside_them_need_an_exception()
    {
        var appointment = BookTuesdayNine(); // 26 h ahead
        var policy = SelfServicePolicy.Default;

        Assert.Equal(PolicyVerdict.Allowed, policy.CheckReschedule(appointment, Now));
        Assert.Equal(PolicyVerdict.Allowed, policy.CheckCancel(appointment, Now));
        clock.Advance(TimeSpan.FromHours(3)); // 23 h ahead
        Assert.Equal(PolicyVerdict.InsideWindow, policy.CheckReschedule(appointment, Now));
        Assert.Equal(PolicyVerdict.InsideWindow, policy.CheckCancel(appointment, Now));
    }

    [Fact]
    public void The_strictest_service_rule_wins_when_several_services_are_booked()
    {
        var strict = new PolicyRules(Duration.FromHours(48), Duration.FromHours(72), 1);
        var policy = new SelfServicePolicy(PolicyRules.Default, ImmutableDictionary<ServiceCode, PolicyRules>.Empty.Add(ServiceCode.Parse("brake-pads"), strict));

        var rules = policy.For([ServiceCode.Parse("brake-pads"), ServiceCode.Parse("oil")]);

        Assert.Equal((Duration.FromHours(48), Duration.FromHours(72), 1), (rules.RescheduleWindow, rules.CancelWindow, rules.MaxSelfReschedules));
        Assert.Equal(PolicyVerdict.InsideWindow, policy.CheckReschedule(BookTuesdayNine(), Now));
    }

    [Fact]
    public void Started_or_cancelled_appointments_are_not_changeable()
    {
        var appointment = BookTuesdayNine();
        clock.Advance(TimeSpan.FromHours(27));

        Assert.Equal(PolicyVerdict.NotChangeable, SelfServicePolicy.Default.CheckCancel(appointment, Now));
    }

    [Theory]
    [InlineData(-1, 24, 2, "rescheduleWindowHours")]
    [InlineData(24, 800, 2, "cancelWindowHours")]
    [InlineData(24, 24, 21, "maxSelfReschedules")]
    public void Out_of_range_rules_are_rejected_naming_the_field(double reschedule, double cancel, int max, string field)
    {
        Assert.Equal(field, PolicyRules.TryCreate(reschedule, cancel, max).Error.Field);
    }

    [Fact]
    public void An_exception_request_expires_after_12_hours_but_never_after_the_appointment_starts()
    {
        var appointment = BookTuesdayNine(); // starts in 26 h
        var change = new RequestedChange(RequestedAction.Cancel, null, ReasonCode.CustomerRequest);

        var early = ApprovalRequest.Create("r1", appointment, change, "sick", ApprovalRequest.DefaultTimeToDecide, Now).Value;
        clock.Advance(TimeSpan.FromHours(20));
        var late = ApprovalRequest.Create("r2", appointment, change, "sick", ApprovalRequest.DefaultTimeToDecide, Now).Value;

        Assert.Equal(early.CreatedAt + Duration.FromHours(12), early.ExpiresAt);
        Assert.Equal(appointment.Start, late.ExpiresAt);
    }

    [Fact]
    public void The_first_decision_wins_and_later_ones_see_it()
    {
        var request = ApprovalRequest.Create("r1", BookTuesdayNine(), new RequestedChange(RequestedAction.Cancel, null, ReasonCode.CustomerRequest),
            "sick", ApprovalRequest.DefaultTimeToDecide, Now).Value;

        var first = request.Approve(Actor.Staff("ana"), ReasonCode.PolicyException, "ok", Now);
        var second = request.Deny(Actor.Staff("bo"), ReasonCode.Other, null, Now);

        Assert.True(first.IsSuccess);
        Assert.Equal(("ana", ApprovalStatus.Approved), (second.Error!.By.Id, second.Error.Outcome));
        Assert.Equal(ApprovalStatus.Approved, request.Status);
    }

    [Fact]
    public void A_request_cannot_be_decided_after_it_expired_and_the_timer_expires_it_only_when_due()
    {
        var request = ApprovalRequest.Create("r1", BookTuesdayNine(), new RequestedChange(RequestedAction.Cancel, null, ReasonCode.CustomerRequest),
            "sick", ApprovalRequest.DefaultTimeToDecide, Now).Value;

        Assert.False(request.Expire(Now).IsSuccess);
        clock.Advance(TimeSpan.FromHours(13));
        Assert.False(request.Approve(Actor.Staff("ana"), ReasonCode.PolicyException, null, Now).IsSuccess);
        Assert.True(request.Expire(Now).IsSuccess);
        Assert.Equal(ApprovalStatus.Expired, request.Status);
    }

    [Fact]
    public void A_request_needs_the_customers_reason()
    {
        var result = ApprovalRequest.Create("r1", BookTuesdayNine(), new RequestedChange(RequestedAction.Cancel, null, ReasonCode.CustomerRequest),
            "  ", ApprovalRequest.DefaultTimeToDecide, Now);

        Assert.Equal("reason", result.Error.Field);
    }
}
