using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Vehicles;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Booking;

public class AppointmentTests
{
    private static readonly Actor Customer = Actor.Customer("jane@example.com");
    private static readonly Actor Staff = Actor.Staff("staff-17");
    private readonly FakeTimeProvider clock = Clock();
    private readonly ShopSetup setup = Setup();

    private Assignment Slot(LocalDateTime start) =>
        new BookingPlanner(clock).Plan(new BookingRequest(setup, Codes("brake-pads"), start, [])).Value;

    private AppointmentChange BookTuesdayNine() =>
        Appointment.Book(AppointmentId.Parse("appt-1"), setup.Shop, Slot(At(Tuesday, 9)), Jane(), Civic(), " rattles ", BookingSource.Web, Customer, clock).Value;

    private static Customer Jane() =>
        Domain.Customers.Customer.TryCreate("Jane Doe", EmailAddress.Parse("jane@example.com"), PhoneNumber.Parse("212 555 0123", "US"),
            ContactPreferences.TryCreate(true, true, ContactChannels.Sms, ContactLanguage.Es).OrThrow()).OrThrow();

    private static Vehicle Civic() =>
        Vehicle.TryCreate(Vin.Parse("1M8GDM9AXKP042788"), "abc 123", "Honda", "Civic", 2019, 42_000, 2027).OrThrow();

    [Fact]
    public void Booking_creates_version_one_with_an_event_and_an_audit_entry()
    {
        var change = BookTuesdayNine();

        var appointment = change.Appointment;
        Assert.Equal((AppointmentStatus.Booked, 1, "rattles", "main", "America/New_York"),
            (appointment.Status, appointment.Version, appointment.Notes, appointment.ShopId.Value, appointment.ShopZoneId));
        Assert.Equal(clock.GetUtcNow(), appointment.CreatedAt.ToDateTimeOffset());
        var booked = Assert.IsType<AppointmentBooked>(change.Event);
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 14, 0), booked.Start);
        Assert.Equal(("booked", 1, ""), (change.Audit.Action.Value, change.Audit.Version, change.Audit.Before));
        Assert.Contains("status=booked", change.Audit.After);
    }

    [Fact]
    public void A_slot_that_has_already_ended_cannot_be_booked()
    {
        var slot = Slot(At(Tuesday, 9));
        clock.Advance(TimeSpan.FromDays(2));

        var result = Appointment.Book(AppointmentId.Parse("a"), setup.Shop, slot, Jane(), Civic(), null, BookingSource.Phone, Staff, clock);

        Assert.IsType<AssignmentInThePast>(result.Error);
    }

    [Fact]
    public void Rescheduling_moves_the_slot_bumps_the_version_and_counts_customer_moves_only()
    {
        var appointment = BookTuesdayNine().Appointment;

        var byCustomer = appointment.Reschedule(Slot(At(Tuesday, 11)), Customer, ReasonCode.CustomerRequest, clock).Value;
        appointment.Reschedule(Slot(At(Tuesday, 13)), Staff, ReasonCode.ScheduleConflict, clock);

        var moved = Assert.IsType<AppointmentRescheduled>(byCustomer.Event);
        Assert.Equal((Instant.FromUtc(2026, 3, 3, 14, 0), Instant.FromUtc(2026, 3, 3, 16, 0)), (moved.PreviousStart, moved.Start));
        Assert.Equal((3, 1), (appointment.Version, appointment.RescheduleCount));
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 18, 0), appointment.Start);
        Assert.Equal(ReasonCode.CustomerRequest, byCustomer.Audit.Reason);
        Assert.Contains("start=2026-03-03T14:00:00Z", byCustomer.Audit.Before);
        Assert.Contains("start=2026-03-03T16:00:00Z", byCustomer.Audit.After);
    }

    [Fact]
    public void An_appointment_that_has_started_cannot_be_rescheduled()
    {
        var appointment = BookTuesdayNine().Appointment;
        var later = Slot(At(Tuesday, 14));
        clock.SetUtcNow(At(Tuesday, 9, 5).InZoneStrictly(NewYork).ToDateTimeOffset());

        Assert.IsType<AlreadyStarted>(appointment.Reschedule(later, Staff, ReasonCode.StaffOverride, clock).Error);
    }

    [Fact]
    public void Cancelling_records_the_reason_and_who_cancelled()
    {
        var appointment = BookTuesdayNine().Appointment;

        var change = appointment.Cancel(Customer, ReasonCode.CustomerRequest, clock).Value;

        Assert.Equal(AppointmentStatus.Cancelled, appointment.Status);
        Assert.Equal(new Cancellation(ReasonCode.CustomerRequest, Customer, change.Event.OccurredAt), appointment.Cancellation);
        Assert.IsType<AppointmentCancelled>(change.Event);
        Assert.Null(appointment.ToBooking());
    }

    [Fact]
    public void Cannot_check_in_a_cancelled_appointment()
    {
        var appointment = BookTuesdayNine().Appointment;
        appointment.Cancel(Staff, ReasonCode.Parse("weather"), clock);

        var result = appointment.CheckIn(Staff, clock);

        var error = Assert.IsType<InvalidTransition>(result.Error);
        Assert.Equal("Cannot check in an appointment that is cancelled.", error.Message);
        Assert.Equal(2, appointment.Version);
    }

    [Fact]
    public void Check_in_then_complete_is_the_happy_path()
    {
        var appointment = BookTuesdayNine().Appointment;

        var checkedIn = appointment.CheckIn(Staff, clock).Value;
        var completed = appointment.Complete(Staff, clock).Value;

        Assert.IsType<AppointmentCheckedIn>(checkedIn.Event);
        Assert.IsType<AppointmentCompleted>(completed.Event);
        Assert.Equal((AppointmentStatus.Completed, 3), (appointment.Status, appointment.Version));
        Assert.NotNull(appointment.ToBooking());
    }

    [Fact]
    public void Cannot_complete_an_appointment_that_was_never_checked_in()
    {
        Assert.IsType<InvalidTransition>(BookTuesdayNine().Appointment.Complete(Staff, clock).Error);
    }

    [Fact]
    public void A_no_show_can_be_marked_only_after_the_start_time()
    {
        var appointment = BookTuesdayNine().Appointment;

        var early = appointment.MarkNoShow(Actor.System("no-show-timer"), ReasonCode.NoShow, clock);
        clock.SetUtcNow(At(Tuesday, 9, 30).InZoneStrictly(NewYork).ToDateTimeOffset());
        var late = appointment.MarkNoShow(Actor.System("no-show-timer"), ReasonCode.NoShow, clock);

        Assert.IsType<NoShowBeforeStart>(early.Error);
        Assert.IsType<AppointmentMarkedNoShow>(late.Value.Event);
        Assert.Equal(AppointmentStatus.NoShow, appointment.Status);
    }

    [Fact]
    public void Cannot_cancel_a_completed_appointment()
    {
        var appointment = BookTuesdayNine().Appointment;
        appointment.CheckIn(Staff, clock);
        appointment.Complete(Staff, clock);

        Assert.IsType<InvalidTransition>(appointment.Cancel(Staff, ReasonCode.StaffOverride, clock).Error);
    }

    [Fact]
    public void A_restored_snapshot_behaves_like_the_original()
    {
        var original = BookTuesdayNine().Appointment;
        original.Reschedule(Slot(At(Tuesday, 11)), Customer, ReasonCode.CustomerRequest, clock);

        var restored = Appointment.Restore(original.ToSnapshot());

        Assert.Equal(original.ToSnapshot(), restored.ToSnapshot());
        Assert.Equal(3, restored.Cancel(Customer, ReasonCode.CustomerRequest, clock).Value.Event.Version);
    }
}
