using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// The appointment as an iCalendar invitation (RFC 5545/5546). Every version of an appointment
/// shares one UID, so calendars update the event in place instead of adding a second one, and a
/// cancellation removes it.
/// </summary>
public sealed class CalendarInvite(TimeProvider timeProvider)
{
    public const string ProductId = "-//AutoShop//Appointment notifications//EN";

    /// <param name="attendeeEmail">The customer's address, listed as attendee; calendar clients want one for METHOD:REQUEST.</param>
    public CalendarInviteFile Create(NotificationContext context, string? attendeeEmail = null)
    {
        var cancelled = context.Kind == MessageKind.Cancelled;
        var method = cancelled ? "CANCEL" : "REQUEST";
        var start = context.Start.InZone(context.ShopZone);

        var calendar = new Calendar { ProductId = ProductId, Method = method };
        // Generated from tzdb for the appointment's period, so clients without the zone still place the times right.
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(context.ShopZone.Id, start.Date.PlusDays(-1).ToDateTimeUnspecified(), includeHistoricalData: false));

        var text = CalendarText.For(context.Language);
        var invite = new CalendarEvent
        {
            Uid = UidFor(context.AppointmentId),
            Sequence = SequenceFor(context.AppointmentVersion, cancelled),
            DtStamp = new CalDateTime(timeProvider.GetUtcNow().UtcDateTime, CalDateTime.UtcTzId),
            DtStart = At(context.Start, context.ShopZone),
            DtEnd = At(context.End, context.ShopZone),
            Summary = text.Summary(context),
            Location = $"{context.Shop.Name}, {context.Shop.Address}",
            Description = text.Description(context),
            Status = cancelled ? "CANCELLED" : "CONFIRMED",
            Organizer = new Organizer($"mailto:{context.Shop.Email}") { CommonName = context.Shop.Name },
        };
        if (!string.IsNullOrWhiteSpace(attendeeEmail))
        {
            // The customer booked it, so the invitation is already accepted; no RSVP is asked for.
            var attendee = new Attendee($"mailto:{attendeeEmail.Trim()}") { CommonName = context.CustomerFirstName, Role = "REQ-PARTICIPANT", Rsvp = false };
            if (!cancelled)
                attendee.ParticipationStatus = "ACCEPTED";
            invite.Attendees.Add(attendee);
        }

        calendar.Events.Add(invite);
        return new CalendarInviteFile(new CalendarSerializer().SerializeToString(calendar) ?? "", method);
    }

    public static string UidFor(string appointmentId) => $"{appointmentId}@autoshop";

    /// <summary>
    /// Twice the version, plus one for a cancellation: strictly increasing across versions, and a
    /// cancellation outranks the invitation of the same version even if cancelling did not bump
    /// the version. Clients ignore any update whose SEQUENCE is not higher than what they have.
    /// </summary>
    public static int SequenceFor(int appointmentVersion, bool cancelled)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(appointmentVersion);
        return checked(appointmentVersion * 2 + (cancelled ? 1 : 0));
    }

    /// <summary>
    /// Shop-local time with TZID, which reads right in the customer's calendar. The exception is
    /// the second pass through a fall-back hour: readers take an ambiguous local time as the first
    /// pass, so that instant is written in UTC instead.
    /// </summary>
    private static CalDateTime At(Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone).LocalDateTime;
        return zone.MapLocal(local).First().ToInstant() == instant
            ? new CalDateTime(local.ToDateTimeUnspecified(), zone.Id)
            : new CalDateTime(instant.ToDateTimeUtc(), CalDateTime.UtcTzId);
    }
}

/// <summary>An <c>.ics</c> ready to attach or serve.</summary>
/// <param name="Method">REQUEST or CANCEL; mail clients read it from the MIME type too.</param>
public sealed record CalendarInviteFile(string Content, string Method)
{
    public string ContentType => $"text/calendar; method={Method}; charset=utf-8";

    public string FileName => Method == "CANCEL" ? "cancellation.ics" : "appointment.ics";
}
