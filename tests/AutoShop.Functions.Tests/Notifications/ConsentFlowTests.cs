using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Notifications.Consent;
using static AutoShop.Functions.Tests.Notifications.NotificationHarness;

namespace AutoShop.Functions.Tests.Notifications;

public sealed class ConsentFlowTests
{
    private const string Phone = "+12125550123";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static async Task<ConsentFunctions.ConsentView> ConsentAsync(NotificationHarness harness, string phone) =>
        (await harness.Staff.GetFromJsonAsync<ConsentFunctions.ConsentView>($"/api/consents?phone={Uri.EscapeDataString(phone)}", Json, Ct))!;

    [Fact]
    public async Task Stop_by_sms_opts_out_in_the_ledger_and_the_next_reminder_sms_is_skipped_for_that_reason()
    {
        await using var harness = await StartAsync(Utc(24, 15)); // 10:00 in New York: outside quiet hours
        var email = NewEmail();
        var id = await harness.BookAsync("2026-11-25T14:00", email, Phone);
        await harness.SmsUntilAsync(Phone, m => m.Any(s => s.Tag == "confirmation"), "the confirmation SMS");

        harness.AdvanceTo(Utc(24, 15, 5));
        var response = await harness.PostInboundAsync(SmsReceived(" stop ", harness.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var consent = await ConsentAsync(harness, Phone);
        Assert.False(consent.OptedIn);
        Assert.Equal(["booking", "sms-keyword"], consent.Entries.Select(e => e.Source));

        harness.AdvanceTo(Utc(24, 19)); // the 24 h reminder
        var report = await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "sms", "skipped", "24h") && Has(r, "reminder", "email", "sent", "24h"),
            "the reminder handled");
        Assert.Equal("sms-opted-out", report.Entries.Single(e => e is { Kind: "reminder", Channel: "sms", Outcome: "skipped" }).Reason);
        Assert.DoesNotContain(await harness.SmsToAsync(Phone), s => s.Tag == "reminder");
    }

    [Fact]
    public async Task A_keyword_inside_a_sentence_changes_nothing()
    {
        await using var harness = await StartAsync(Utc(24, 15));
        await harness.BookAsync("2026-11-25T14:00", NewEmail(), Phone);
        await harness.SmsUntilAsync(Phone, m => m.Count > 0, "the confirmation SMS");

        var response = await harness.PostInboundAsync(SmsReceived("please stop the work", harness.Clock.GetUtcNow()));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, result.GetProperty("received").GetInt32());
        Assert.Equal(0, result.GetProperty("optedOut").GetInt32());
        var consent = await ConsentAsync(harness, Phone);
        Assert.True(consent.OptedIn);
        Assert.Equal(["booking"], consent.Entries.Select(e => e.Source));
    }

    [Fact]
    public async Task Start_opts_back_in_and_each_change_and_help_get_their_reply()
    {
        await using var harness = await StartAsync(Utc(24, 15));
        await harness.PostInboundAsync(SmsReceived("STOP", harness.Clock.GetUtcNow()));
        harness.AdvanceTo(Utc(24, 15, 1));
        await harness.PostInboundAsync(SmsReceived("unstop", harness.Clock.GetUtcNow()));
        harness.AdvanceTo(Utc(24, 15, 2));
        await harness.PostInboundAsync(SmsReceived("HELP", harness.Clock.GetUtcNow()));

        var consent = await ConsentAsync(harness, Phone);
        Assert.True(consent.OptedIn);
        Assert.Equal([false, true], consent.Entries.Select(e => e.OptIn));
        var replies = await harness.SmsToAsync(Phone);
        Assert.Equal(["opt-out-confirmation", "opt-in-confirmation", "help"], replies.Select(s => s.Tag));
        Assert.Contains("Reply START", replies[0].Text);
        Assert.Contains("Reply STOP to opt out", replies[2].Text);
        Assert.StartsWith("AutoShop: ", replies[2].Text); // no booking names a shop: the program's name
    }

    [Fact]
    public async Task The_event_grid_subscription_handshake_is_answered_with_its_code()
    {
        await using var harness = await StartAsync();
        var body = new[]
        {
            new
            {
                id = "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", topic = "/subscriptions/x", subject = "", eventType = "Microsoft.EventGrid.SubscriptionValidationEvent",
                eventTime = "2026-11-24T12:00:00Z", dataVersion = "1", metadataVersion = "1",
                data = new { validationCode = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", validationUrl = "https://rp-eastus2.eventgrid.azure.net/x" },
            },
        };

        var response = await harness.PostInboundAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_wrong_webhook_key_is_refused_and_changes_nothing()
    {
        await using var harness = await StartAsync();

        var response = await harness.PostInboundAsync(SmsReceived("STOP", harness.Clock.GetUtcNow()), key: "not-the-key-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null((await ConsentAsync(harness, Phone)).OptedIn);
    }

    [Fact]
    public async Task Staff_and_the_customer_link_change_consent_with_source_and_reason_and_a_later_opt_out_stops_reminder_emails()
    {
        await using var harness = await StartAsync(Utc(24, 15));
        var email = NewEmail();
        var id = await harness.BookAsync("2026-11-25T14:00", email, Phone);
        await EmailsAsync(email, "Appointment confirmed");

        var refused = await harness.Staff.PostAsJsonAsync("/api/consents", new { phone = Phone, optIn = false }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        harness.AdvanceTo(Utc(24, 15, 1));
        var staff = await harness.Staff.PostAsJsonAsync("/api/consents", new { phone = Phone, optIn = false, reasonCode = "customer-request", note = "asked at the desk" }, Ct);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        var afterStaff = (await staff.Content.ReadFromJsonAsync<ConsentFunctions.ConsentView>(Json, Ct))!;
        Assert.False(afterStaff.OptedIn);
        Assert.Contains(afterStaff.Entries, e => e is { Source: "staff", ReasonCode: "customer-request", Actor: "staff:test-staff" });

        harness.AdvanceTo(Utc(24, 15, 2));
        var token = await harness.ManageTokenAsync(id);
        using var client = harness.App.CreateClient();
        var link = await client.PostAsJsonAsync($"/api/self-service/{token}/preferences", new { emailOptIn = false, language = "es" }, Ct);
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        var preferences = await link.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(preferences.GetProperty("emailOptIn").GetBoolean());
        Assert.Equal("es", preferences.GetProperty("language").GetString());
        var emailConsent = (await harness.Staff.GetFromJsonAsync<ConsentFunctions.ConsentView>($"/api/consents?email={Uri.EscapeDataString(email)}", Json, Ct))!;
        Assert.Equal(["booking", "customer-link"], emailConsent.Entries.Select(e => e.Source));

        harness.AdvanceTo(Utc(24, 19));
        var report = await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "email", "skipped", "24h") && Has(r, "reminder", "sms", "skipped", "24h"),
            "both channels skipped");
        Assert.Contains(report.Entries, e => e is { Kind: "reminder", Channel: "email", Reason: "email-opted-out" });
        Assert.DoesNotContain(await AllEmailsToAsync(email), e => e.Subject.StartsWith("Reminder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_preferences_through_the_link_are_refused_field_by_field()
    {
        await using var harness = await StartAsync(Utc(24, 15));
        var id = await harness.BookAsync("2026-11-25T14:00", NewEmail(), phone: null, smsOptIn: false);
        var token = await harness.ManageTokenAsync(id);
        using var client = harness.App.CreateClient();

        var response = await client.PostAsJsonAsync($"/api/self-service/{token}/preferences", new { smsOptIn = true, language = "fr", preferredChannels = new[] { "fax" } }, Ct);
        var forged = await client.PostAsJsonAsync($"/api/self-service/{token}x/preferences", new { emailOptIn = false }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("smsOptIn", out _));
        Assert.True(errors.TryGetProperty("language", out _));
        Assert.True(errors.TryGetProperty("preferredChannels", out _));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }
}
