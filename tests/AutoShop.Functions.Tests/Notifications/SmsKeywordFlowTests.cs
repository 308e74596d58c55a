using System.Net;
using System.Net.Http.Json;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Notifications.Sms;
using Microsoft.Extensions.DependencyInjection;
using static AutoShop.Functions.Tests.Notifications.NotificationHarness;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>Opt-out keywords, free-text revocations and HELP through the Event Grid webhook, with their replies in the dev SMS outbox.</summary>
public sealed class SmsKeywordFlowTests
{
    private const string Phone = "+12125550123";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static async Task<ConsentFunctions.ConsentView> ConsentAsync(NotificationHarness harness) =>
        (await harness.Staff.GetFromJsonAsync<ConsentFunctions.ConsentView>($"/api/consents?phone={Uri.EscapeDataString(Phone)}", Json, Ct))!;

    [Fact]
    public async Task Stop_with_punctuation_revokes_consent_confirms_once_and_the_next_reminder_is_not_texted()
    {
        await using var harness = await StartAsync(Utc(24, 15)); // 10:00 in New York
        var id = await harness.BookAsync("2026-11-25T14:00", NewEmail(), Phone);
        await harness.SmsUntilAsync(Phone, m => m.Any(s => s.Tag == "confirmation"), "the confirmation SMS");

        harness.AdvanceTo(Utc(24, 15, 5));
        var stop = SmsReceived("STOP.", harness.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await harness.PostInboundAsync(stop)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await harness.PostInboundAsync(stop)).StatusCode); // Event Grid delivers it again
        harness.AdvanceTo(Utc(24, 15, 6));
        Assert.Equal(HttpStatusCode.OK, (await harness.PostInboundAsync(SmsReceived("stop", harness.Clock.GetUtcNow()))).StatusCode); // and the customer insists

        var consent = await ConsentAsync(harness);
        Assert.False(consent.OptedIn);
        Assert.Equal(["booking", "sms-keyword", "sms-keyword"], consent.Entries.Select(e => e.Source));
        var confirmation = Assert.Single(await harness.SmsToAsync(Phone), s => s.Tag == "opt-out-confirmation");
        Assert.StartsWith("AutoShop Queens Boulevard: you are unsubscribed", confirmation.Text);

        harness.AdvanceTo(Utc(24, 19)); // the 24 h reminder
        var report = await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "sms", "skipped", "24h") && Has(r, "reminder", "email", "sent", "24h"),
            "the reminder handled");
        Assert.Equal("sms-opted-out", report.Entries.Single(e => e is { Kind: "reminder", Channel: "sms", Outcome: "skipped" }).Reason);
        Assert.DoesNotContain(await harness.SmsToAsync(Phone), s => s.Tag == "reminder");
    }

    [Fact]
    public async Task A_clear_free_text_revocation_opts_out_and_an_ambiguous_reply_does_not()
    {
        await using var harness = await StartAsync(Utc(24, 15));
        await harness.BookAsync("2026-11-25T14:00", NewEmail(), Phone);
        await harness.SmsUntilAsync(Phone, m => m.Count > 0, "the confirmation SMS");

        harness.AdvanceTo(Utc(24, 15, 5));
        var ambiguous = await (await harness.PostInboundAsync(SmsReceived("Don't stop the reminders!", harness.Clock.GetUtcNow())))
            .Content.ReadFromJsonAsync<InboundResult>(Json, Ct);
        Assert.Equal(new InboundResult(1, 0, 0, 0), ambiguous);
        Assert.True((await ConsentAsync(harness)).OptedIn);

        harness.AdvanceTo(Utc(24, 15, 6));
        var revocation = await (await harness.PostInboundAsync(SmsReceived("please stop texting me", harness.Clock.GetUtcNow())))
            .Content.ReadFromJsonAsync<InboundResult>(Json, Ct);

        Assert.Equal(new InboundResult(1, 1, 0, 0), revocation);
        var consent = await ConsentAsync(harness);
        Assert.False(consent.OptedIn);
        Assert.Equal("reply \"please stop texting me\"", consent.Entries.Last().Detail);
        Assert.Single(await harness.SmsToAsync(Phone), s => s.Tag == "opt-out-confirmation");
    }

    [Fact]
    public async Task Help_is_answered_with_the_shops_name_how_to_opt_out_and_its_phone()
    {
        await using var harness = await StartAsync(Utc(24, 15), new Dictionary<string, string?> { ["Notifications:Shops:queens-blvd:Phone"] = "+1 718-555-0100" });
        await harness.BookAsync("2026-11-25T14:00", NewEmail(), Phone);
        await harness.SmsUntilAsync(Phone, m => m.Count > 0, "the confirmation SMS");

        harness.AdvanceTo(Utc(24, 15, 5));
        var response = await harness.PostInboundAsync(SmsReceived(" Help? ", harness.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var help = Assert.Single(await harness.SmsToAsync(Phone), s => s.Tag == "help");
        Assert.StartsWith("AutoShop Queens Boulevard: ", help.Text);
        Assert.Contains("Reply STOP to opt out", help.Text);
        Assert.Contains("Call +1 718-555-0100", help.Text);
        Assert.True((await ConsentAsync(harness)).OptedIn);
    }

    [Fact]
    public async Task A_confirmation_that_could_not_be_sent_goes_out_once_when_event_grid_delivers_again()
    {
        // The first send fails after the ledger has the opt-out: the webhook answers 503 and Event Grid
        // delivers again. The consent is already "out" by then, yet the confirmation still goes, once.
        await using var harness = await StartAsync(Utc(24, 15), new Dictionary<string, string?> { ["Notifications:SendAttempts"] = "1" },
            services => services.AddSingleton<ISmsChannel>(sp => new FailsFirstSends(ActivatorUtilities.CreateInstance<DevSmsOutbox>(sp), failures: 1)));
        var outbox = ActivatorUtilities.CreateInstance<DevSmsOutbox>(harness.App.Services);
        var stop = SmsReceived("Unsubscribe", harness.Clock.GetUtcNow());

        var failed = await harness.PostInboundAsync(stop);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.False((await ConsentAsync(harness)).OptedIn);
        Assert.Empty(await outbox.ListAsync(Phone, 10, Ct));

        Assert.Equal(HttpStatusCode.OK, (await harness.PostInboundAsync(stop)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await harness.PostInboundAsync(stop)).StatusCode);

        var sent = Assert.Single(await outbox.ListAsync(Phone, 10, Ct));
        Assert.Equal("opt-out-confirmation", sent.Tag);
    }

    /// <summary>The real dev outbox behind a provider that answers 503 to the first sends.</summary>
    private sealed class FailsFirstSends(DevSmsOutbox inner, int failures) : ISmsChannel
    {
        private int left = failures;

        public string Name => inner.Name;

        public Task<SmsSendOutcome> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref left) >= 0
                ? Task.FromResult<SmsSendOutcome>(new SmsRequestFailed(HttpStatusCode.ServiceUnavailable, "provider down"))
                : inner.SendAsync(message, cancellationToken);
    }
}
