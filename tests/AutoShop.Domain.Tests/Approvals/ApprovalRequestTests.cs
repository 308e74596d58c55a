using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Vehicles;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Approvals;

public sealed class ApprovalRequestTests
{
    private static readonly Actor Staff = Actor.Staff("staff-17");
    private readonly FakeTimeProvider clock = Clock();
    private readonly ShopSetup setup = Setup();

    private Instant Now => Instant.FromDateTimeOffset(clock.GetUtcNow());

    private Appointment Booked()
    {
        var slot = new BookingPlanner(clock).Plan(new BookingRequest(setup, Codes("brake-pads"), At(Tuesday, 9), [])).Value;
        var customer = Customer.TryCreate("Jane Doe", EmailAddress.Parse("jane@example.com"), null,
            ContactPreferences.TryCreate(true, false, ContactChannels.Email, ContactLanguage.En).OrThrow()).OrThrow();
        var vehicle = Vehicle.TryCreate(null, "abc 123", "Honda", "Civic", 2019, null, 2027).OrThrow();
        return Appointment.Book(AppointmentId.Parse("appt-1"), setup.Shop, slot, customer, vehicle, null, BookingSource.Web, Actor.Customer("jane@example.com"), clock).Value.Appointment;
    }

    private ApprovalRequest Ask(Appointment appointment, string id = "req-1") =>
        ApprovalRequest.Create(id, appointment, new RequestedChange(RequestedAction.Cancel, null, ReasonCode.CustomerRequest), "Flat tyre",
            ApprovalRequest.DefaultTimeToDecide, Now).Value;

    [Fact]
    public void A_pending_request_about_the_appointment_as_it_is_blocks_another()
    {
        var appointment = Booked();
        var first = Ask(appointment);

        Assert.Same(first, ApprovalRequest.Blocking([first], appointment));
    }

    [Fact]
    public void Decided_requests_and_requests_about_an_earlier_version_do_not_block()
    {
        var appointment = Booked();
        var denied = Ask(appointment, "req-1");
        denied.Deny(Staff, ReasonCode.Other, null, Now);
        var older = Ask(appointment, "req-2");
        var moved = appointment.Reschedule(new BookingPlanner(clock).Plan(new BookingRequest(setup, Codes("brake-pads"), At(Tuesday, 11), [], appointment.Id)).Value,
            Staff, ReasonCode.StaffOverride, clock).Value.Appointment;

        Assert.Null(ApprovalRequest.Blocking([denied], appointment));
        Assert.True(older.IsOutlivedBy(moved.Version));
        Assert.Null(ApprovalRequest.Blocking([denied, older], moved));
    }

    [Fact]
    public void Withdrawing_records_who_changed_the_appointment_and_why_even_once_the_request_is_due_to_expire()
    {
        var request = Ask(Booked());
        clock.Advance(TimeSpan.FromDays(1));

        var withdrawn = request.Withdraw(Staff, Now);

        Assert.True(withdrawn.IsSuccess);
        Assert.Equal((ApprovalStatus.Withdrawn, Staff, ReasonCode.AppointmentChanged), (request.Status, withdrawn.Value.By, withdrawn.Value.Reason));
        Assert.Equal("exception-withdrawn", AuditWord(ApprovalStatus.Withdrawn));
    }

    [Fact]
    public void A_decided_request_is_not_withdrawn_and_the_decision_stands()
    {
        var request = Ask(Booked());
        request.Approve(Staff, ReasonCode.PolicyException, null, Now);

        var withdrawn = request.Withdraw(Actor.Customer("jane@example.com"), Now);

        Assert.True(withdrawn.IsFailure);
        Assert.Equal((ApprovalStatus.Approved, Staff), (request.Status, withdrawn.Error!.By));
    }

    private static string AuditWord(ApprovalStatus status) => ApprovalRequest.AuditWordOf(status).Value;
}
