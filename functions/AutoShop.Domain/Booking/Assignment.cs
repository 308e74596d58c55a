using System.Collections.Immutable;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>
/// The planner's decision for one job: when, on which technician, bay and tool units, and the
/// claims storage must insert in the same transaction as the appointment to make it stick.
/// </summary>
public sealed record Assignment(
    ShopId ShopId,
    ImmutableArray<ServiceCode> ServiceCodes,
    Instant Start,
    Instant End,
    OffsetDateTime LocalStart,
    OffsetDateTime LocalEnd,
    int LaborMinutes,
    ResourceAllocation Resources,
    ImmutableArray<ResourceClaim> Claims)
{
    /// <summary>The shop-local day of the job — the day whose partition its rows belong to.</summary>
    public LocalDate LocalDate => LocalStart.Date;

    public Interval Interval => new(Start, End);

    /// <summary>The job as the schedule will see it once stored under <paramref name="appointmentId"/>.</summary>
    public ExistingBooking ToBooking(AppointmentId appointmentId) => new(appointmentId, Start, End, Resources, LaborMinutes);
}

/// <summary>A bookable start and the resources the search would give it.</summary>
public sealed record AvailabilityOffer(
    Instant Start,
    Instant End,
    OffsetDateTime LocalStart,
    OffsetDateTime LocalEnd,
    TechnicianId TechnicianId,
    BayId BayId,
    ImmutableArray<ToolUnit> ToolUnits);
