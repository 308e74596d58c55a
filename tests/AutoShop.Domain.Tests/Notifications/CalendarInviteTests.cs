using AutoShop.Domain.Notifications;
using Ical.Net;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace AutoShop.Domain.Tests.Notifications;

public class CalendarInviteTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 15, 4, 5, TimeSpan.Zero));

    private static NotificationContext Appointment(MessageKind kind = MessageKind.Confirmation, int version = 1) =>
        SampleData.Context(kind, Language.En) with { AppointmentVersion = version };

    private Calendar Parse(CalendarInviteFile file) => Calendar.Load(file.Content) ?? throw new InvalidOperationException("No calendar.");

    [Fact]
    public void An_invitation_is_a_request_with_a_stable_uid_and_shop_local_times()
    {
        var file = new CalendarInvite(clock).Create(Appointment(), "sam@example.com");

        var calendar = Parse(file);
        var invite = Assert.Single(calendar.Events);
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("apt_7Q2K9M@autoshop", invite.Uid);
        Assert.Equal("America/New_York", invite.DtStart!.TzId);
        Assert.Equal(new DateTime(2026, 3, 10, 9, 30, 0), invite.DtStart.Value);
        Assert.Equal(new DateTime(2026, 3, 10, 13, 30, 0, DateTimeKind.Utc), invite.DtStart.AsUtc);
        Assert.Equal(new DateTime(2026, 3, 10, 15, 0, 0, DateTimeKind.Utc), invite.DtEnd!.AsUtc);
        Assert.Equal("CONFIRMED", invite.Status);
        Assert.Equal("text/calendar; method=REQUEST; charset=utf-8", file.ContentType);
    }

    [Fact]
    public void The_invitation_names_the_shop_as_organizer_and_links_to_the_appointment()
    {
        var invite = Parse(new CalendarInvite(clock).Create(Appointment(), "sam@example.com")).Events.Single();

        Assert.Equal("mailto:service@northside-auto.example", invite.Organizer!.Value!.ToString());
        Assert.Equal("Northside Auto Care", invite.Organizer.CommonName);
        Assert.Equal("mailto:sam@example.com", Assert.Single(invite.Attendees).Value!.ToString());
        Assert.Equal("Car service at Northside Auto Care", invite.Summary);
        Assert.Equal("Northside Auto Care, 410 Harbor Road, Albany, NY 12207", invite.Location);
        Assert.Contains("https://autoshop.example/m/AS-4821?t=Xk29Qp7v", invite.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stamp_comes_from_the_injected_clock()
    {
        var invite = Parse(new CalendarInvite(clock).Create(Appointment())).Events.Single();

        Assert.Equal(new DateTime(2026, 3, 2, 15, 4, 5, DateTimeKind.Utc), invite.DtStamp!.AsUtc);
    }

    [Fact]
    public void The_calendar_carries_the_shop_zone_definition()
    {
        var calendar = Parse(new CalendarInvite(clock).Create(Appointment()));

        Assert.Equal("America/New_York", Assert.Single(calendar.TimeZones).TzId);
        Assert.Contains("BEGIN:VTIMEZONE", new CalendarInvite(clock).Create(Appointment()).Content, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancellation_keeps_the_uid_and_cancels_with_a_higher_sequence()
    {
        var invitation = Parse(new CalendarInvite(clock).Create(Appointment(version: 2))).Events.Single();
        var cancellationFile = new CalendarInvite(clock).Create(Appointment(MessageKind.Cancelled, version: 2));
        var cancellation = Parse(cancellationFile);
        var cancelled = cancellation.Events.Single();

        Assert.Equal("CANCEL", cancellation.Method);
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.Equal(invitation.Uid, cancelled.Uid);
        Assert.True(cancelled.Sequence > invitation.Sequence);
        Assert.Equal("cancellation.ics", cancellationFile.FileName);
    }

    [Fact]
    public void Every_new_version_gets_a_higher_sequence()
    {
        var sequences = Enumerable.Range(0, 6)
            .SelectMany(version => new[] { CalendarInvite.SequenceFor(version, cancelled: false), CalendarInvite.SequenceFor(version, cancelled: true) })
            .ToList();

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.Equal(6, Parse(new CalendarInvite(clock).Create(Appointment(version: 3))).Events.Single().Sequence);
    }

    [Fact]
    public void A_start_in_the_second_pass_of_a_fall_back_hour_is_written_in_utc()
    {
        // 01:30 EST on 2026-11-01 (06:30 UTC) reads as 01:30 EDT if written with TZID.
        var context = Appointment() with { Start = Instant.FromUtc(2026, 11, 1, 6, 30), End = Instant.FromUtc(2026, 11, 1, 7, 30) };

        var invite = Parse(new CalendarInvite(clock).Create(context)).Events.Single();

        Assert.True(invite.DtStart!.IsUtc);
        Assert.Equal(new DateTime(2026, 11, 1, 6, 30, 0, DateTimeKind.Utc), invite.DtStart.AsUtc);
        Assert.Equal("America/New_York", invite.DtEnd!.TzId);
    }

    [Fact]
    public void A_spanish_invitation_is_worded_in_spanish()
    {
        var context = SampleData.Context(MessageKind.Rescheduled, Language.Es);

        var invite = Parse(new CalendarInvite(clock).Create(context)).Events.Single();

        Assert.Equal("Servicio del vehículo en Northside Auto Care", invite.Summary);
        Assert.Contains("Gestionar su cita", invite.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_version_is_a_programming_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CalendarInvite.SequenceFor(-1, cancelled: false));
}
