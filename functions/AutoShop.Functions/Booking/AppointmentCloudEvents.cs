using System.Text.Json;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;

namespace AutoShop.Functions.Booking;

/// <summary>The data of every appointment event: the appointment after the change and what changed (<see cref="Change"/>: an <see cref="AuditWord"/>, as the ledger reads it when the change's audit row is missing).</summary>
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
            AppointmentBooked => (Created, AuditWord.Booked, null, null, null),
            AppointmentRescheduled r => (Updated, AuditWord.Rescheduled, r.Reason.Value, ShopTime.Of(r.PreviousStart, zone), ShopTime.Of(r.PreviousEnd, zone)),
            AppointmentCancelled c => (Cancelled, AuditWord.Cancelled, c.Reason.Value, null, null),
            AppointmentCheckedIn => (Updated, AuditWord.CheckedIn, null, null, null),
            AppointmentCompleted => (Updated, AuditWord.Completed, null, null, null),
            AppointmentMarkedNoShow n => (Updated, AuditWord.NoShow, n.Reason.Value, (ShopTime?)null, (ShopTime?)null),
            _ => throw new InvalidOperationException($"No CloudEvent mapping for {e.GetType().Name}"),
        };
        var data = new AppointmentEventData(kind.Value, AppointmentDto.From(change.Appointment), AppointmentDto.ActorOf(e.Actor), reason, previousStart, previousEnd);
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
