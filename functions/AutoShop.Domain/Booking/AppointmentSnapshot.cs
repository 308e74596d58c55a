using System.Collections.Immutable;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Vehicles;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>
/// Every stored fact of an appointment, for storage adapters to persist and load. It bypasses
/// the transition rules on purpose: it restores a state that was valid when saved.
/// </summary>
public sealed record AppointmentSnapshot(
    AppointmentId Id, ShopId ShopId, string ShopZoneId, Customer Customer, Vehicle Vehicle,
    ImmutableArray<ServiceCode> ServiceCodes, Instant Start, Instant End, int LaborMinutes, ResourceAllocation Resources,
    string? Notes, BookingSource Source, AppointmentStatus Status, int Version, Instant CreatedAt, int RescheduleCount,
    Cancellation? Cancellation, ReasonCode? NoShowReason);

public sealed partial class Appointment
{
    public static Appointment Restore(AppointmentSnapshot state) =>
        new(state.Id, state.ShopId, state.ShopZoneId, state.Customer, state.Vehicle, state.ServiceCodes, state.Notes, state.Source, state.CreatedAt)
        {
            Start = state.Start,
            End = state.End,
            LaborMinutes = state.LaborMinutes,
            Resources = state.Resources,
            Status = state.Status,
            Version = state.Version,
            RescheduleCount = state.RescheduleCount,
            Cancellation = state.Cancellation,
            NoShowReason = state.NoShowReason,
        };

    public AppointmentSnapshot ToSnapshot() =>
        new(Id, ShopId, ShopZoneId, Customer, Vehicle, ServiceCodes, Start, End, LaborMinutes, Resources, Notes, Source,
            Status, Version, CreatedAt, RescheduleCount, Cancellation, NoShowReason);
}
