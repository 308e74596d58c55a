using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Booking;

public abstract record MoveOutcome;
public sealed record Moved(Appointment Appointment) : MoveOutcome;
public sealed record MoveRejected(BookingRejection Rejection) : MoveOutcome;
public sealed record MoveSlotTaken(ImmutableArray<AvailabilityOffer> Alternatives) : MoveOutcome;
public sealed record MoveRefused(AppointmentError Error) : MoveOutcome;
public sealed record MoveRaced : MoveOutcome;

/// <summary>
/// Reschedules and cancels for every caller — customer link, approval, staff override. Policy is the
/// caller's business; capacity is checked here, always, against fresh bookings.
/// </summary>
public sealed class AppointmentMoves(IScheduleStore schedule, OutboxRelay relay, TimeProvider clock)
{
    public async Task<MoveOutcome> RescheduleAsync(ShopSetup setup, StoredAppointment current, NodaTime.LocalDateTime newStart,
        Actor actor, ReasonCode reason, string correlationId, CancellationToken ct)
    {
        var appointment = current.Appointment;
        var planner = new BookingPlanner(clock);
        var days = planner.DatesToLoad(setup.Shop, newStart.Date);
        var bookings = await schedule.LoadBookingsAsync(setup.Shop.Id, days, ct);
        var plan = planner.Plan(new BookingRequest(setup, appointment.ServiceCodes, newStart, bookings, appointment.Id));
        if (!plan.TryGetValue(out var assignment, out var rejection))
            return rejection is NoCapacity none ? new MoveSlotTaken(none.Alternatives) : new MoveRejected(rejection);
        var changed = appointment.Reschedule(assignment, actor, reason, clock);
        if (!changed.TryGetValue(out var change, out var refused)) return new MoveRefused(refused);
        var cloudEvent = AppointmentCloudEvents.From(change, correlationId);
        return await schedule.RescheduleAsync(current, change, assignment, new AuditContext(correlationId), cloudEvent, ct) switch
        {
            SaveOutcome.Saved => await RelayedAsync(current.Partition, cloudEvent, new Moved(change.Appointment), ct),
            SaveOutcome.SlotTaken => new MoveSlotTaken([]),
            _ => new MoveRaced(),
        };
    }

    public async Task<MoveOutcome> CancelAsync(StoredAppointment current, Actor actor, ReasonCode reason, string correlationId, CancellationToken ct)
    {
        if (!current.Appointment.Cancel(actor, reason, clock).TryGetValue(out var change, out var refused)) return new MoveRefused(refused);
        var cloudEvent = AppointmentCloudEvents.From(change, correlationId);
        return await schedule.SaveChangeAsync(current, change, new AuditContext(correlationId), cloudEvent, ct) == SaveOutcome.Saved
            ? await RelayedAsync(current.Partition, cloudEvent, new Moved(change.Appointment), ct)
            : new MoveRaced();
    }

    private async Task<MoveOutcome> RelayedAsync(string partition, CloudEvent cloudEvent, MoveOutcome outcome, CancellationToken ct)
    {
        await relay.RelaySoonAsync(partition, cloudEvent, ct);
        return outcome;
    }
}
