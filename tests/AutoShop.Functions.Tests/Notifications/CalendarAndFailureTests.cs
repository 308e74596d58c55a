using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Tests.Support;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using static AutoShop.Functions.Tests.Notifications.NotificationHarness;

namespace AutoShop.Functions.Tests.Notifications;

public sealed class CalendarAndFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_calendar_link_serves_the_current_invite_as_an_attachment_and_a_cancellation_after_cancelling()
    {
        await using var harness = await StartAsync();
        var id = await harness.BookAsync("2026-11-25T09:00", NewEmail(), phone: null, smsOptIn: false);
        var token = await harness.ManageTokenAsync(id);
        using var client = harness.App.CreateClient();

        var response = await client.GetAsync($"/api/calendar/{token}.ics", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var invite = Assert.Single(Calendar.Load(await response.Content.ReadAsStringAsync(Ct))!.Events);
        Assert.Equal($"{id}@autoshop", invite.Uid);

        var cancel = await harness.Staff.PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reasonCode = "customer-request" }, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = Calendar.Load(await client.GetStringAsync($"/api/calendar/{token}.ics", Ct))!;
        Assert.Equal("CANCEL", cancelled.Method);
        Assert.Equal(5, Assert.Single(cancelled.Events).Sequence);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/calendar/{token}x.ics", Ct)).StatusCode);
    }

    [Fact]
    public async Task Cancelling_sends_a_cancellation_with_a_cancel_invite_and_reminders_are_then_dropped()
    {
        await using var harness = await StartAsync();
        var email = NewEmail();
        var id = await harness.BookAsync("2026-11-25T09:00", email, phone: null, smsOptIn: false);
        await EmailsAsync(email, "Appointment confirmed");

        await harness.Staff.PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reasonCode = "customer-request" }, Ct);

        var cancelled = Assert.Single(await EmailsAsync(email, "Cancelled"));
        var ics = System.Text.Encoding.UTF8.GetString(await Mail.DownloadAttachmentAsync(cancelled.Id, Assert.Single(cancelled.Attachments), Ct));
        Assert.Equal("CANCEL", Calendar.Load(ics)!.Method);
        harness.AdvanceTo(new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero));
        var report = await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "any", "dropped", "24h"), "the reminder dropped");
        Assert.Equal("stale-version", report.Entries.Single(e => e is { Label: "24h", Outcome: "dropped" }).Reason);
    }

    [Fact]
    public async Task Each_retried_send_is_logged_as_a_warning_naming_the_error_and_the_attempt_that_follows()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var harness = await StartAsync(settings: new Dictionary<string, string?> { ["Email:SmtpPort"] = "9" }, // nothing listens there
            services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new Reporting.CapturingLoggerProvider(lines)));
        var id = await harness.BookAsync("2026-11-25T09:00", NewEmail(), phone: null, smsOptIn: false);

        await harness.DeliveriesUntilAsync(id, r => Has(r, "confirmation", "email", "failed"), "the confirmation failed");

        Assert.Contains(lines, l => l.Contains("ChannelSenders Warning: A send failed (SocketException: Connection refused); attempt 2 follows", StringComparison.Ordinal));
    }
}
