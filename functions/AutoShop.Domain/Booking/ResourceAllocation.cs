using System.Collections.Immutable;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>
/// The resources one job holds. <see cref="CapUnits"/> are the ordinals of the technician's daily
/// cap the job counts against (one per slot of the job; empty when the technician has no cap):
/// storing them is what lets the next booking find the ordinals still free.
/// </summary>
public sealed record ResourceAllocation(
    TechnicianId TechnicianId, BayId BayId, ImmutableArray<ToolUnit> ToolUnits, ImmutableArray<int> CapUnits)
{
    public ImmutableArray<ToolUnit> ToolUnits { get; } = ToolUnits.IsDefault ? [] : ToolUnits;

    public ImmutableArray<int> CapUnits { get; } = CapUnits.IsDefault ? [] : CapUnits;

    public override string ToString() =>
        $"technician={TechnicianId} bay={BayId} tools=[{string.Join(",", ToolUnits)}]";
}

/// <summary>
/// A job already on the schedule, as storage loads it: the input the availability search and
/// the planner need about every booking that overlaps the days they look at.
/// </summary>
public sealed record ExistingBooking
{
    public ExistingBooking(AppointmentId appointmentId, Instant start, Instant end, ResourceAllocation resources, int laborMinutes)
    {
        if (end <= start)
            throw new ArgumentException($"Booking {appointmentId} ends before it starts.", nameof(end));
        ArgumentOutOfRangeException.ThrowIfNegative(laborMinutes);
        AppointmentId = appointmentId;
        Start = start;
        End = end;
        Resources = resources;
        LaborMinutes = laborMinutes;
    }

    public AppointmentId AppointmentId { get; }

    public Instant Start { get; }

    public Instant End { get; }

    public ResourceAllocation Resources { get; }

    /// <summary>Booked labor, counted against the technician's daily cap on the local day the job starts.</summary>
    public int LaborMinutes { get; }
}
