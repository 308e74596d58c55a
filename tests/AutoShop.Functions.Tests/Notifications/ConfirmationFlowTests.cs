using System.Text;
using AutoShop.Functions.Events;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Tests.Support;
using Azure.Core.Pipeline;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using static AutoShop.Functions.Tests.Notifications.NotificationHarness;

namespace AutoShop.Functions.Tests.Notifications;

public sealed class ConfirmationFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_confirmation_writes_its_claim_skips_and_reminder_plan_in_one_transaction_and_marks_the_send_once()
    {
        var requests = new StorageRequests();
        // The parts desk's shortage notices claim their sends in the same partition: off here, so only the confirmation writes.
        await using var harness = await StartAsync(settings: new Dictionary<string, string?> { ["AzureWebJobs:NotifyPartsDesk:Disabled"] = "true" },
            services: s => s.AddSingleton<HttpPipelinePolicy>(requests));
        var email = NewEmail();

        var id = await harness.BookAsync("2026-11-25T09:00", email, phone: null, smsOptIn: false);

        await EmailsAsync(email, "Appointment confirmed");
        var report = await harness.DeliveriesUntilAsync(id, r => Has(r, "confirmation", "email", "sent") && r.Scheduled.Count == 2, "sent and planned");
        Assert.True(Has(report, "confirmation", "sms", "skipped"));
        Assert.All(report.Scheduled, s => Assert.Equal("planned", s.Status));
        await Eventually.Until(() => harness.Probe.CountAsync(EventQueues.AppointmentEvents), n => n == 0, because: "the booking event handled");
        // No insert, upsert or merge of the appointment's log rows on their own but the one marking the send.
        var log = $"/notificationlog(PartitionKey='{id}'";
        Assert.True(0 == requests.Count("POST", "/notificationlog?") + requests.Count("PUT", log), requests.ToString());
        Assert.True(1 == requests.Count("PATCH", log), requests.ToString());
    }

    [Fact]
    public async Task Booking_sends_a_confirmation_email_in_shop_local_time_with_a_calendar_invite_and_an_sms()
    {
        await using var harness = await StartAsync();
        var email = NewEmail();

        var id = await harness.BookAsync("2026-11-25T09:00", email, "+12125550123");

        var received = Assert.Single(await EmailsAsync(email, "Appointment confirmed"));
        Assert.Equal("Appointment confirmed: Wednesday, November 25, 2026 at 9:00 AM", received.Subject);
        var message = await Mail.GetMessageAsync(received.Id, Ct);
        Assert.Contains("When: Wednesday, November 25, 2026 at 9:00 AM (EST)", message.TextBody);
        Assert.Contains("/api/manage/", message.TextBody);
        Assert.Contains($"/api/calendar/", message.TextBody);
        Assert.Equal(MessageDelivery.MessageIdFor($"{id}:v1:confirmation:booked"), message.MessageId);

        var attachment = Assert.Single(received.Attachments);
        Assert.StartsWith("text/calendar", attachment.ContentType, StringComparison.Ordinal);
        var ics = Encoding.UTF8.GetString(await Mail.DownloadAttachmentAsync(received.Id, attachment, Ct));
        var calendar = Calendar.Load(ics)!;
        Assert.Equal("REQUEST", calendar.Method);
        var invite = Assert.Single(calendar.Events);
        Assert.Equal($"{id}@autoshop", invite.Uid);
        Assert.Equal(2, invite.Sequence);
        Assert.Equal("America/New_York", invite.DtStart!.TzId);
        Assert.Equal(new DateTime(2026, 11, 25, 9, 0, 0), invite.DtStart.Value);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(invite.DtStart.AsUtc, TimeSpan.Zero));

        // Booked at 07:00 New York time: the SMS waits for the end of quiet hours at 08:00.
        var deferred = await harness.DeliveriesUntilAsync(id, r => Has(r, "confirmation", "sms", "deferred"), "the SMS held back");
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), deferred.Entries.Single(e => e is { Channel: "sms", Outcome: "deferred" }).DueAt);
        Assert.Empty(await harness.SmsToAsync("+12125550123"));

        harness.AdvanceTo(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero));
        var sms = await harness.SmsUntilAsync("+12125550123", m => m.Any(s => s.Tag == "confirmation"), "the confirmation SMS at 08:00");
        Assert.Contains("Wednesday, November 25, 2026 at 9:00 AM", Assert.Single(sms).Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), sms[0].SentAt);
        var report = await harness.DeliveriesUntilAsync(id, r => Has(r, "confirmation", "sms", "sent"), "both sends logged");
        Assert.True(Has(report, "confirmation", "email", "sent"));
    }

    [Fact]
    public async Task A_customer_who_opted_out_of_everything_gets_no_confirmation_and_each_skip_is_logged_with_its_reason()
    {
        await using var harness = await StartAsync();
        var email = NewEmail();

        var id = await harness.BookAsync("2026-11-25T09:00", email, "+12125550123", emailOptIn: false, smsOptIn: false);

        var report = await harness.DeliveriesUntilAsync(id, r => r.Entries.Count(e => e.Kind == "confirmation") == 2, "both skips logged");
        Assert.Contains(report.Entries, e => e is { Kind: "confirmation", Channel: "email", Outcome: "skipped", Reason: "email-opted-out" });
        Assert.Contains(report.Entries, e => e is { Kind: "confirmation", Channel: "sms", Outcome: "skipped", Reason: "sms-opted-out" });
        Assert.Empty(await AllEmailsToAsync(email));
        Assert.Empty(await harness.SmsToAsync("+12125550123"));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_more_still_sends_one_email()
    {
        const string copies = "test-notify-copies";
        await using var harness = await StartAsync(services: s => Functions.Events.EventsExtensions.AddEventSubscription(s, copies));
        var email = NewEmail();
        var id = await harness.BookAsync("2026-11-25T09:00", email, phone: null, smsOptIn: false);
        await EmailsAsync(email, "Appointment confirmed");
        var created = (await Eventually.Until(() => harness.Probe.PeekAllAsync(copies), m => m.Count > 0)).Single(m => m.Contains(id, StringComparison.Ordinal));
        Assert.Equal("appointment.created", CloudEvent.Parse(created).Type);

        var queue = harness.Probe.Queue(PlanNotifications.Queue);
        await Task.WhenAll(queue.SendMessageAsync(created, Ct), queue.SendMessageAsync(created, Ct));
        await Eventually.Until(() => harness.Probe.CountAsync(PlanNotifications.Queue), n => n == 0, because: "both copies handled");

        Assert.Single(await AllEmailsToAsync(email));
        var report = await harness.DeliveriesAsync(id);
        Assert.Single(report.Entries, e => e is { Kind: "confirmation", Channel: "email", Outcome: "sent" });
    }
}
