using System.Text;
using AutoShop.Functions.Events;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Tests.Support;
using Ical.Net;
using static AutoShop.Functions.Tests.Notifications.NotificationHarness;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>
/// Reminders are real delayed Azurite messages; the app judges their due times by the fake clock
/// (a message that arrives early is queued again), so moving the clock is what makes them fire.
/// </summary>
public sealed class ReminderFlowTests
{
    private const string Phone = "+12125550123";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reminders_go_out_at_24h_and_2h_before_the_start_by_the_injected_clock()
    {
        await using var harness = await StartAsync();
        var email = NewEmail();
        var id = await harness.BookAsync("2026-11-25T09:00", email, phone: null, smsOptIn: false);

        var planned = await harness.DeliveriesUntilAsync(id, r => r.Scheduled.Count == 2, "two reminders planned");
        Assert.Equal([Utc(24, 14), Utc(25, 12)], planned.Scheduled.Select(s => s.DueAt!.Value));
        Assert.All(planned.Scheduled, s => Assert.Equal("planned", s.Status));

        harness.AdvanceTo(Utc(24, 13, 59));
        await EmailsAsync(email, "Appointment confirmed");
        Assert.DoesNotContain(await AllEmailsToAsync(email), e => e.Subject.StartsWith("Reminder", StringComparison.Ordinal));

        harness.AdvanceTo(Utc(24, 14));
        var first = await EmailsAsync(email, "Reminder");
        Assert.Equal("Reminder: your appointment on Wednesday, November 25, 2026 at 9:00 AM", Assert.Single(first).Subject);

        harness.AdvanceTo(Utc(25, 12));
        await EmailsAsync(email, "Reminder", count: 2);
        var report = await harness.DeliveriesUntilAsync(id, r => r.Scheduled.All(s => s.Status == "sent"), "both reminders sent");
        Assert.Equal(["24h", "2h"], report.Scheduled.Select(s => s.Label));
        Assert.Equal(2, (await AllEmailsToAsync(email)).Count(e => e.Subject.StartsWith("Reminder", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_booking_parks_one_timer_message_that_carries_both_reminders()
    {
        // Timers stay hidden for up to an hour of real time here, so the queue holds exactly what was parked.
        await using var harness = await StartAsync(settings: new Dictionary<string, string?> { ["Notifications:MaxRealDelay"] = "01:00:00" });
        var id = await harness.BookAsync("2026-11-25T09:00", NewEmail(), phone: null, smsOptIn: false);

        await harness.DeliveriesUntilAsync(id, r => r.Scheduled.Count == 2, "two reminders planned");
        // The fan-out deletes the event once every subscriber is done with it, the reminder plan included.
        await Eventually.Until(() => harness.Probe.CountAsync(EventQueues.AppointmentEvents), n => n == 0, because: "the booking event handled");
        Assert.Equal(1, await harness.Probe.CountAsync(NotificationTimers.Queue));
    }

    [Fact]
    public async Task A_reminder_whose_send_keeps_failing_does_not_hold_back_the_next_one()
    {
        // Booked while mail works, so exactly one timer message is parked; then the only running
        // instance is one whose SMTP server is gone (nothing listens on port 9).
        string id, storage;
        await using (var booking = await StartAsync(settings: new Dictionary<string, string?> { ["Notifications:MaxRealDelay"] = "00:00:02" }))
        {
            var email = NewEmail();
            id = await booking.BookAsync("2026-11-25T09:00", email, phone: null, smsOptIn: false);
            await EmailsAsync(email, "Appointment confirmed");
            await Eventually.Until(() => booking.Probe.CountAsync(EventQueues.AppointmentEvents), n => n == 0, because: "the booking event handled");
            storage = booking.Storage;
        }
        await using var harness = await StartAsync(storage: storage, settings: new Dictionary<string, string?> { ["Email:SmtpPort"] = "9" });

        harness.AdvanceTo(Utc(24, 14));
        await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "email", "failed", "24h"), "the 24 h reminder failed (its later try waits)");
        harness.AdvanceTo(Utc(25, 12));
        var report = await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "email", "failed", "2h"), "the 2 h reminder tried all the same");
        Assert.DoesNotContain(report.Entries, e => e is { Kind: "reminder", Outcome: "sent" });
        Assert.Equal(0, await harness.Probe.CountAsync(NotificationTimers.Queue + "-poison"));
    }

    [Fact]
    public async Task A_reschedule_drops_the_old_versions_reminder_and_sends_the_new_one_once_with_an_updated_invite()
    {
        await using var harness = await StartAsync();
        var email = NewEmail();
        var id = await harness.BookAsync("2026-11-25T09:00", email, phone: null, smsOptIn: false);
        await harness.DeliveriesUntilAsync(id, r => r.Scheduled.Count == 2, "v1 reminders planned");

        await harness.RescheduleAsync(id, "2026-11-27T10:00");
        var moved = Assert.Single(await EmailsAsync(email, "Rescheduled"));
        var ics = Encoding.UTF8.GetString(await Mail.DownloadAttachmentAsync(moved.Id, Assert.Single(moved.Attachments), Ct));
        var invite = Assert.Single(Calendar.Load(ics)!.Events);
        Assert.Equal($"{id}@autoshop", invite.Uid);
        Assert.Equal(4, invite.Sequence);
        Assert.Equal(new DateTime(2026, 11, 27, 10, 0, 0), invite.DtStart!.Value);

        // The old 24 h reminder (due 24 Nov 09:00 New York time) arrives and is dropped as stale.
        harness.AdvanceTo(Utc(24, 14));
        var dropped = await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "any", "dropped", "24h", version: 1), "old reminder dropped");
        Assert.Equal("stale-version", dropped.Entries.First(e => e is { Outcome: "dropped", Version: 1, Label: "24h" }).Reason);

        harness.AdvanceTo(Utc(26, 15));
        var reminder = Assert.Single(await EmailsAsync(email, "Reminder"));
        Assert.Contains("Friday, November 27, 2026 at 10:00 AM", reminder.Subject);
        await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "email", "sent", "24h", version: 2), "new reminder sent");
        Assert.Single(await AllEmailsToAsync(email), e => e.Subject.StartsWith("Reminder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_sms_reminder_due_at_2230_waits_for_0800_the_next_day_while_the_email_goes_at_once()
    {
        await using var harness = await StartAsync(settings: new Dictionary<string, string?> { ["Notifications:ReminderOffsets"] = "10h30m" });
        var email = NewEmail();
        var id = await harness.BookAsync("2026-11-25T09:00", email, Phone);
        await harness.DeliveriesUntilAsync(id, r => r.Scheduled.Count == 1, "the reminder planned");

        harness.AdvanceTo(Utc(25, 3, 30)); // 22:30 in New York
        await EmailsAsync(email, "Reminder");
        var deferred = await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "sms", "deferred"), "the SMS held back");
        Assert.Equal(Utc(25, 13), deferred.Entries.Single(e => e is { Kind: "reminder", Outcome: "deferred" }).DueAt);
        Assert.DoesNotContain(await harness.SmsToAsync(Phone), s => s.Tag == "reminder");

        harness.AdvanceTo(Utc(25, 13)); // 08:00
        var sms = await harness.SmsUntilAsync(Phone, m => m.Any(s => s.Tag == "reminder"), "the SMS at 08:00");
        Assert.Equal(Utc(25, 13), sms.Single(s => s.Tag == "reminder").SentAt);
    }

    [Fact]
    public async Task A_2h_sms_reminder_for_a_0730_start_falls_in_quiet_hours_and_is_skipped_because_0800_is_too_late()
    {
        await using var harness = await StartAsync();
        var email = NewEmail();
        var id = await harness.BookAsync("2026-11-25T07:30", email, Phone);
        await harness.DeliveriesUntilAsync(id, r => r.Scheduled.Count == 2, "reminders planned");

        harness.AdvanceTo(Utc(25, 10, 30)); // 05:30 in New York
        var report = await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "sms", "skipped", "2h") && Has(r, "reminder", "email", "sent", "2h"),
            "the 2h reminder handled");
        Assert.Equal("quiet-hours", report.Entries.Single(e => e is { Label: "2h", Channel: "sms", Outcome: "skipped" }).Reason);
        Assert.Equal("skipped: quiet-hours", report.Scheduled.Single(s => s.Label == "2h").Channels["sms"]);
        Assert.DoesNotContain(await harness.SmsToAsync(Phone), s => s.DedupeKey.Contains(":2h:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_offset_already_past_at_booking_is_skipped_and_recorded()
    {
        await using var harness = await StartAsync();
        var id = await harness.BookAsync("2026-11-24T10:00", NewEmail(), phone: null, smsOptIn: false); // 3 h ahead

        var report = await harness.DeliveriesUntilAsync(id, r => r.Scheduled.Count == 2, "both offsets recorded");
        Assert.Equal("skipped: offset-already-past", report.Scheduled.Single(s => s.Label == "24h").Status);
        Assert.Equal("planned", report.Scheduled.Single(s => s.Label == "2h").Status);
    }
}
