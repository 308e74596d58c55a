using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using AutoShop.Functions.Storage;
using NodaTime;

namespace AutoShop.Functions.Booking;

public abstract record BookingOutcome;
public sealed record Booked(Appointment Appointment) : BookingOutcome;
public sealed record Rejected(BookingRejection Rejection) : BookingOutcome;
public sealed record SlotUnavailable(ImmutableArray<AvailabilityOffer> Alternatives) : BookingOutcome;

/// <summary>
/// Books one appointment: plan against the day's bookings, then commit appointment, claims, audit
/// and outbox in one transaction. The first plan may use this instance's recent view of the day
/// (<see cref="RecentBookings"/>); the claims make that safe. When a concurrent booking took a
/// resource first, the plan is made again on a fresh read (another technician or bay may still fit
/// the same start) a bounded number of times before answering "slot taken" with the nearest
/// alternatives. A refusal always rests on a view of the requested day that storage confirms.
/// </summary>
public sealed partial class AppointmentBooking(
    IScheduleStore schedule,
    RecentBookings recent,
    OutboxRelay relay,
    TimeProvider clock,
    ILogger<AppointmentBooking> logger)
{
    /// <summary>
    /// Fresh attempts after losing a race. Bookings of one shop and day share a partition, so a few clients booking
    /// that day at once each lose now and then; with 3, a booking that lost four times in a row (seen with four clients
    /// on a loaded machine) was refused while its start was still free. Each attempt is one read and one transaction.
    /// </summary>
    private const int MaxAttempts = 8;

    /// <param name="retryDigest">
    /// Set when the request runs under an <c>Idempotency-Key</c> (<see cref="Idempotency.IdempotencyKeyFeature.Digest"/>):
    /// the appointment id is derived from it, and an appointment already stored under that id (the first attempt was
    /// written but its answer never arrived) is the answer, so the retry books nothing more.
    /// </param>
    public async Task<BookingOutcome> BookAsync(ShopSetup setup, BookingInput input, Actor actor, string correlationId, CancellationToken ct,
        byte[]? retryDigest = null)
    {
        var planner = new BookingPlanner(clock);
        var (shop, date) = (setup.Shop.Id, input.Start.Date);
        if (retryDigest is not null && await schedule.FindAsync(AppointmentLocator.IdFor(shop, date, retryDigest), ct) is { } written)
        {
            LogFoundWritten(logger, written.Appointment.Id.Value);
            return new Booked(written.Appointment);
        }
        // Attempt 0 plans on the recent view; attempts 1..MaxAttempts on fresh reads, as many as without the view.
        for (var attempt = 0; ; attempt++)
        {
            var fresh = attempt > 0;
            var dayBookings = fresh ? await recent.ReadAsync(shop, date, ct) : await ViewOfDayAsync(setup, planner, date, ct);
            var plan = planner.Plan(new BookingRequest(setup, input.Services, input.Start, dayBookings));
            if (!fresh && plan.IsFailure && plan.Error is NoCapacity && !RefusedWhateverIsBooked(planner, setup, input))
            {
                // The view may predate a cancellation elsewhere: confirm it against what storage holds now.
                dayBookings = await recent.ConfirmAsync(shop, date, ct);
                plan = planner.Plan(new BookingRequest(setup, input.Services, input.Start, dayBookings));
            }
            if (!plan.TryGetValue(out var assignment, out var rejection))
                return rejection is NoCapacity ? await NoCapacityAsync(setup, input, planner, dayBookings, ct) : new Rejected(rejection);

            var id = retryDigest is null ? AppointmentLocator.NewId(shop, assignment.LocalDate) : AppointmentLocator.IdFor(shop, assignment.LocalDate, retryDigest);
            var booked = Appointment.Book(id, setup.Shop, assignment, input.Customer, input.Vehicle, input.Notes, input.Source, actor, clock);
            if (!booked.TryGetValue(out var change, out var error))
                throw new InvalidOperationException($"The planner produced an assignment the appointment refused: {error.Message}");

            var cloudEvent = AppointmentCloudEvents.From(change, correlationId);
            var outcome = await schedule.BookAsync(change, assignment, new AuditContext(correlationId), cloudEvent, ct);
            if (outcome == SaveOutcome.Saved)
            {
                recent.Add(shop, assignment.LocalDate, assignment.ToBooking(id));
                await relay.RelaySoonAsync(AppointmentLocator.Partition(assignment.ShopId, assignment.LocalDate), cloudEvent, ct);
                LogBooked(logger, id.Value, setup.Shop.Id.Value, attempt + 1);
                return new Booked(change.Appointment);
            }
            LogRaceLost(logger, setup.Shop.Id.Value, attempt + 1);
            if (attempt == MaxAttempts) return await NoCapacityAsync(setup, input, planner, await recent.ReadAsync(shop, date, ct), ct);
        }
    }

    /// <summary>
    /// The requested day from this instance's view. A refusal needs the days around it too (for
    /// alternatives), so when the view lacks any of them they are all read at once: one query for the
    /// week instead of one now and more for the days around it if the slot turns out taken.
    /// </summary>
    private async Task<ImmutableArray<ExistingBooking>> ViewOfDayAsync(ShopSetup setup, BookingPlanner planner, LocalDate date, CancellationToken ct)
    {
        await recent.GetAsync(setup.Shop.Id, planner.DatesToLoad(setup.Shop, date), ct);
        return await recent.GetAsync(setup.Shop.Id, [date], ct);
    }

    /// <summary>
    /// A start that no qualified technician, bay or tool could take even on a day without bookings (no one
    /// with the skills on shift, say) is refused whatever storage holds, so the refusal needs no confirming read.
    /// </summary>
    private static bool RefusedWhateverIsBooked(BookingPlanner planner, ShopSetup setup, BookingInput input)
    {
        var onEmptyDay = planner.Plan(new BookingRequest(setup, input.Services, input.Start, []));
        return onEmptyDay.IsFailure && onEmptyDay.Error is NoCapacity;
    }

    /// <summary>
    /// Alternatives may lie on nearby days, so this (rarer) path needs them too; the requested day is
    /// the confirmed view the refusal rests on, the others may come from the recent view.
    /// </summary>
    private async Task<BookingOutcome> NoCapacityAsync(ShopSetup setup, BookingInput input, BookingPlanner planner,
        IReadOnlyList<ExistingBooking> requestedDay, CancellationToken ct)
    {
        var date = input.Start.Date;
        var nearby = await recent.GetAsync(setup.Shop.Id, planner.DatesToLoad(setup.Shop, date).Where(d => d != date), ct);
        var replanned = planner.Plan(new BookingRequest(setup, input.Services, input.Start, [.. requestedDay, .. nearby]));
        return replanned.TryGetValue(out _, out var rejection)
            ? new SlotUnavailable([]) // free again on re-read, but we already lost it repeatedly: let the client retry
            : rejection is NoCapacity none ? new SlotUnavailable(none.Alternatives) : new Rejected(rejection);
    }

    [LoggerMessage(LogLevel.Information, "Booked appointment {AppointmentId} at shop {ShopId} (transaction {Attempt})")]
    private static partial void LogBooked(ILogger logger, string appointmentId, string shopId, int attempt);

    [LoggerMessage(LogLevel.Information, "Appointment {AppointmentId} was written by an earlier attempt of this request; answering it")]
    private static partial void LogFoundWritten(ILogger logger, string appointmentId);

    [LoggerMessage(LogLevel.Information, "A concurrent booking at shop {ShopId} took a resource first (transaction {Attempt}); planning again on a fresh read")]
    private static partial void LogRaceLost(ILogger logger, string shopId, int attempt);

}
