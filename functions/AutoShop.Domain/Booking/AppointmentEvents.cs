using System.Collections.Immutable;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>Something that happened to an appointment. <see cref="Version"/> is the appointment's version after the change.</summary>
public abstract record AppointmentEvent(AppointmentId AppointmentId, ShopId ShopId, int Version, Actor Actor, Instant OccurredAt);

public sealed record AppointmentBooked(
    AppointmentId AppointmentId, ShopId ShopId, int Version, Actor Actor, Instant OccurredAt,
    Instant Start, Instant End, ImmutableArray<ServiceCode> ServiceCodes, ResourceAllocation Resources, BookingSource Source)
    : AppointmentEvent(AppointmentId, ShopId, Version, Actor, OccurredAt);

public sealed record AppointmentRescheduled(
    AppointmentId AppointmentId, ShopId ShopId, int Version, Actor Actor, Instant OccurredAt,
    Instant PreviousStart, Instant PreviousEnd, ResourceAllocation PreviousResources,
    Instant Start, Instant End, ResourceAllocation Resources, ReasonCode Reason)
    : AppointmentEvent(AppointmentId, ShopId, Version, Actor, OccurredAt);

public sealed record AppointmentCancelled(
    AppointmentId AppointmentId, ShopId ShopId, int Version, Actor Actor, Instant OccurredAt, ReasonCode Reason)
    : AppointmentEvent(AppointmentId, ShopId, Version, Actor, OccurredAt);

public sealed record AppointmentCheckedIn(
    AppointmentId AppointmentId, ShopId ShopId, int Version, Actor Actor, Instant OccurredAt)
    : AppointmentEvent(AppointmentId, ShopId, Version, Actor, OccurredAt);

public sealed record AppointmentCompleted(
    AppointmentId AppointmentId, ShopId ShopId, int Version, Actor Actor, Instant OccurredAt)
    : AppointmentEvent(AppointmentId, ShopId, Version, Actor, OccurredAt);

public sealed record AppointmentMarkedNoShow(
    AppointmentId AppointmentId, ShopId ShopId, int Version, Actor Actor, Instant OccurredAt, ReasonCode Reason)
    : AppointmentEvent(AppointmentId, ShopId, Version, Actor, OccurredAt);

/// <summary>
/// The append-only audit record of one change: who, what, why, and a before/after summary a
/// person can read in an export. Storage writes it in the same transaction as the change.
/// </summary>
public sealed record AuditEntry(
    AppointmentId AppointmentId, ShopId ShopId, int Version, Actor Actor, Audit.AuditWord Action,
    ReasonCode? Reason, string Before, string After, Instant At);

/// <summary>The outcome of a successful change: the appointment as it is now, its event and its audit entry.</summary>
public sealed record AppointmentChange(Appointment Appointment, AppointmentEvent Event, AuditEntry Audit);
