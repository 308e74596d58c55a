using System.Text.Json;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;

namespace AutoShop.Functions.Booking;

/// <summary>The data of every appointment event: the appointment after the change and what changed.</summary>
public sealed record AppointmentEventData(
    string Change, AppointmentDto Appointment, ActorDto Actor, string? ReasonCode, ShopTime? PreviousStart, ShopTime? PreviousEnd);

/// <summary>
/// Turns a domain event into the CloudEvent consumers receive. The id is <c>{appointmentId}.v{version}</c>:
/// the same change always yields the same id, so consumers deduplicate redeliveries on it.
/// </summary>
public static class AppointmentCloudEvents
{
    public const string Created = "appointment.created";
    public const string Updated = "appointment.updated";
    public const string Cancelled = "appointment.cancelled";

    public static CloudEvent From(AppointmentChange change, string? correlationId)
    {
        var e = change.Event;
        var zone = NodaTime.DateTimeZoneProviders.Tzdb[change.Appointment.ShopZoneId];
        var (type, kind, reason, previousStart, previousEnd) = e switch
        {
            AppointmentBooked => (Created, "booked", null, null, null),
            AppointmentRescheduled r => (Updated, "rescheduled", r.Reason.Value, ShopTime.Of(r.PreviousStart, zone), ShopTime.Of(r.PreviousEnd, zone)),
            AppointmentCancelled c => (Cancelled, "cancelled", c.Reason.Value, null, null),
            AppointmentCheckedIn => (Updated, "checked-in", null, null, null),
            AppointmentCompleted => (Updated, "completed", null, null, null),
            AppointmentMarkedNoShow n => (Updated, "no-show", n.Reason.Value, (ShopTime?)null, (ShopTime?)null),
            _ => throw new InvalidOperationException($"No CloudEvent mapping for {e.GetType().Name}"),
        };
        var data = new AppointmentEventData(kind, AppointmentDto.From(change.Appointment), AppointmentDto.ActorOf(e.Actor), reason, previousStart, previousEnd);
        return CloudEvent.Create(
            id: $"{e.AppointmentId.Value}.v{e.Version}",
            source: $"/shops/{e.ShopId.Value}",
            type: type,
            subject: $"appointments/{e.AppointmentId.Value}",
            time: e.OccurredAt.ToDateTimeOffset(),
            correlationId: correlationId,
            data: JsonSerializer.SerializeToElement(data, BookingJsonContext.Default.AppointmentEventData));
    }

    public static AppointmentEventData Read(CloudEvent cloudEvent) => cloudEvent.DataAs(BookingJsonContext.Default.AppointmentEventData);
}
