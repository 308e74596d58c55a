using AutoShop.Domain.Booking;
using AutoShop.Functions.Events;
using NodaTime;

namespace AutoShop.Functions.Booking.Storage;

/// <summary>An appointment as loaded, with what an update must present to prove it saw the latest version.</summary>
public sealed record StoredAppointment(Appointment Appointment, string Partition, IReadOnlyList<string> ClaimKeys);

public enum SaveOutcome
{
    Saved,
    /// <summary>A resource claim already existed: someone else holds part of the slot. Nothing was written.</summary>
    SlotTaken,
    /// <summary>Another change to the same appointment won the race. Nothing was written.</summary>
    VersionConflict,
}

/// <summary>
/// The schedule: appointments with their claims, audit records and outbox events, each change
/// committed as one transaction in the appointment's shop-day partition.
/// </summary>
public interface IScheduleStore
{
    /// <summary>Bookings that hold resources on the given shop-local days.</summary>
    Task<IReadOnlyList<ExistingBooking>> LoadBookingsAsync(ShopId shop, IEnumerable<LocalDate> dates, CancellationToken ct);

    /// <summary>
    /// A token that changes whenever any change releases resources on the day (cancellation, no-show,
    /// a move away, a rolled-back move); "" while none ever has. A view of the day read after this
    /// token, and still seeing the same token, holds no booking that storage has let go of.
    /// </summary>
    Task<string> ReadReleaseMarkAsync(ShopId shop, LocalDate date, CancellationToken ct);

    /// <summary>
    /// The bookings holding resources on each day from <paramref name="first"/> to <paramref name="last"/>
    /// (every day in the range is in the answer) and, read in the same snapshot, each day's release mark
    /// (<see cref="ReadReleaseMarkAsync"/>; null when the read could not tell). One query for the range.
    /// </summary>
    Task<IReadOnlyDictionary<LocalDate, DayRead>> ReadDaysForBookingAsync(ShopId shop, LocalDate first, LocalDate last, CancellationToken ct);

    /// <summary>Every appointment of one shop-local day, cancelled ones included.</summary>
    Task<IReadOnlyList<Appointment>> ListDayAsync(ShopId shop, LocalDate date, CancellationToken ct);

    Task<StoredAppointment?> FindAsync(AppointmentId id, CancellationToken ct);

    /// <summary>Writes a new appointment, its claims, audit record and outbox event in one transaction.</summary>
    Task<SaveOutcome> BookAsync(AppointmentChange booked, Assignment assignment, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct);

    /// <summary>
    /// Writes a change that keeps the appointment on its day (status changes, cancellation), in one
    /// transaction with its audit record and event; releases its claims when it stops holding resources.
    /// </summary>
    Task<SaveOutcome> SaveChangeAsync(StoredAppointment current, AppointmentChange change, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct);

    /// <summary>
    /// Moves an appointment to the slot of <paramref name="assignment"/>: the new slot is claimed before
    /// the old is released, atomically within a day and as a recoverable two-step across days.
    /// </summary>
    Task<SaveOutcome> RescheduleAsync(StoredAppointment current, AppointmentChange change, Assignment assignment, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct);

    /// <summary>Finishes or rolls back moves a crash left half-done; returns how many it resolved.</summary>
    Task<int> ResolveStaleMovesAsync(IEnumerable<string> shopIds, DateTimeOffset olderThan, CancellationToken ct);
}

/// <summary>Request context the audit record keeps beside the domain's entry.</summary>
public sealed record AuditContext(string CorrelationId);

/// <summary>One day's bookings and the release mark they were read with (null: unknown).</summary>
public sealed record DayRead(IReadOnlyList<ExistingBooking> Bookings, string? ReleaseMark);
