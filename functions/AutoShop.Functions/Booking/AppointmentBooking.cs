using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Booking;

public abstract record BookingOutcome;
public sealed record Booked(Appointment Appointment) : BookingOutcome;
public sealed record Rejected(BookingRejection Rejection) : BookingOutcome;
public sealed record SlotUnavailable(ImmutableArray<AvailabilityOffer> Alternatives) : BookingOutcome;

/// <summary>
/// Books one appointment: plan against the day's bookings, then commit appointment, claims, audit
/// and outbox in one transaction. When a concurrent booking took a resource first, the plan is
/// made again on fresh data (another technician or bay may still fit the same start) a bounded
/// number of times before answering "slot taken" with the nearest alternatives.
/// </summary>
public sealed partial class AppointmentBooking(
    IScheduleStore schedule,
    OutboxRelay relay,
    TimeProvider clock,
    ILogger<AppointmentBooking> logger)
{
    private const int MaxAttempts = 3;

    public async Task<BookingOutcome> BookAsync(ShopSetup setup, BookingInput input, Actor actor, string correlationId, CancellationToken ct)
    {
        var planner = new BookingPlanner(clock);
        for (var attempt = 1; ; attempt++)
        {
            var dayBookings = await schedule.LoadBookingsAsync(setup.Shop.Id, [input.Start.Date], ct);
            var plan = planner.Plan(new BookingRequest(setup, input.Services, input.Start, dayBookings));
            if (!plan.TryGetValue(out var assignment, out var rejection))
                return rejection is NoCapacity ? await NoCapacityAsync(setup, input, planner, ct) : new Rejected(rejection);

            var id = AppointmentLocator.NewId(setup.Shop.Id, assignment.LocalDate);
            var booked = Appointment.Book(id, setup.Shop, assignment, input.Customer, input.Vehicle, input.Notes, input.Source, actor, clock);
            if (!booked.TryGetValue(out var change, out var error))
                throw new InvalidOperationException($"The planner produced an assignment the appointment refused: {error.Message}");

            var cloudEvent = AppointmentCloudEvents.From(change, correlationId);
            var outcome = await schedule.BookAsync(change, assignment, new AuditContext(correlationId), cloudEvent, ct);
            if (outcome == SaveOutcome.Saved)
            {
                await RelayPromptlyAsync(assignment, cloudEvent, ct);
                LogBooked(logger, id.Value, setup.Shop.Id.Value, attempt);
                return new Booked(change.Appointment);
            }
            LogRaceLost(logger, setup.Shop.Id.Value, attempt);
            if (attempt == MaxAttempts) return await NoCapacityAsync(setup, input, planner, ct);
        }
    }

    /// <summary>Alternatives may lie on nearby days, so this (rarer) path loads them too.</summary>
    private async Task<BookingOutcome> NoCapacityAsync(ShopSetup setup, BookingInput input, BookingPlanner planner, CancellationToken ct)
    {
        var bookings = await schedule.LoadBookingsAsync(setup.Shop.Id, BookingPlanner.DatesToLoad(input.Start.Date), ct);
        var replanned = planner.Plan(new BookingRequest(setup, input.Services, input.Start, bookings));
        return replanned.TryGetValue(out _, out var rejection)
            ? new SlotUnavailable([]) // free again on re-read, but we already lost it repeatedly: let the client retry
            : rejection is NoCapacity none ? new SlotUnavailable(none.Alternatives) : new Rejected(rejection);
    }

    /// <summary>
    /// The booking is already durable; if the queue is unreachable now, the outbox sweep publishes later.
    /// The storage SDK reports exhausted retries as an <see cref="AggregateException"/>: that, too, must not
    /// turn a committed booking into a 500 the client would retry.
    /// </summary>
    private async Task RelayPromptlyAsync(Assignment assignment, CloudEvent cloudEvent, CancellationToken ct)
    {
        var partition = AppointmentLocator.Partition(assignment.ShopId, assignment.LocalDate);
        try
        {
            await relay.RelayAsync(new OutboxEntry(partition, TableNames.OutboxRowKey(cloudEvent.Id), cloudEvent, clock.GetUtcNow()), ct);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            LogRelayDeferred(logger, ex, cloudEvent.Id);
        }
    }

    [LoggerMessage(LogLevel.Information, "Booked appointment {AppointmentId} at shop {ShopId} (attempt {Attempt})")]
    private static partial void LogBooked(ILogger logger, string appointmentId, string shopId, int attempt);

    [LoggerMessage(LogLevel.Information, "A concurrent booking at shop {ShopId} took a resource first (attempt {Attempt}); planning again")]
    private static partial void LogRaceLost(ILogger logger, string shopId, int attempt);

    [LoggerMessage(LogLevel.Warning, "Event {EventId} stays in the outbox for the sweep: the queue was unreachable")]
    private static partial void LogRelayDeferred(ILogger logger, Exception exception, string eventId);
}
