using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Tests.Support;
using static AutoShop.Functions.Tests.Notifications.NotificationHarness;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>
/// Sends under SMTP outages, through the app against the shared MailDev behind an <see cref="OutageProxy"/>
/// each test takes down and brings back. Backoffs are shortened by settings; the give-up horizon is judged
/// on the harness's fake clock, which the tests move.
/// </summary>
public sealed class SendOutageTests
{
    private const string UndeliveredPath = $"/api/shops/{Shop}/undelivered-messages";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(int smtpPort, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:SmtpPort"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:BackoffFirstDelay"] = "00:00:00.200",
            ["Notifications:BackoffMaxDelay"] = "00:00:02",
            ["Notifications:GiveUpAfter"] = "01:00:00",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task Every_confirmation_booked_during_a_sixty_second_smtp_outage_arrives_exactly_once_after_it()
    {
        await using var relay = new OutageProxy(TestStorage.Services.MailDev.SmtpPort, startDown: true);
        // No reminders and long timer hops: the timer queue then holds only later tries, and drains when they are done.
        // Job cards wait on their queue (their parts-desk emails have their own test), which keeps the shared machine's load down.
        await using var harness = await StartAsync(settings: Settings(relay.Port,
            ("Notifications:BackoffMaxDelay", "00:00:04"), ("Notifications:ReminderOffsets", ""), ("Notifications:MaxRealDelay", "01:00:00"),
            ($"AzureWebJobs.{AutoShop.Functions.JobCards.PrepareJobCards.Name}.Disabled", "true")));
        var outage = Stopwatch.StartNew();
        var starts = await FreeStartsAsync(harness, 100);
        var recipients = starts.Select(_ => NewEmail()).ToList();

        await Parallel.ForEachAsync(Enumerable.Range(0, starts.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct },
            async (i, _) => await harness.BookAsync(starts[i], recipients[i], phone: null, smsOptIn: false));
        var booked = outage.Elapsed;
        // The relay stays down for 60 s in all; meanwhile nothing may reach MailDev and the app keeps trying.
        var during = await Eventually.Until(() => CountsAsync(recipients), _ => outage.Elapsed >= TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(90),
            "the 60 s outage to pass");
        Assert.Equal(0, during.Values.Sum());
        var refusedDuringOutage = relay.Refused;
        Assert.True(refusedDuringOutage >= starts.Count, $"the app tried each confirmation during the outage ({refusedDuringOutage} connections turned away)");
        Assert.Equal(0, await harness.Probe.CountAsync(PlanNotifications.Queue + "-poison"));
        Assert.Equal(0, await harness.Probe.CountAsync(NotificationTimers.Queue + "-poison"));

        var outageLength = outage.Elapsed;
        relay.BringUp();
        var recovery = Stopwatch.StartNew();
        // The probe answers the recipients still waiting, so a timeout names them.
        await Eventually.Until(async () => (await CountsAsync(recipients)).Where(c => c.Value == 0).Select(c => c.Key).ToList(), missing => missing.Count == 0,
            TimeSpan.FromSeconds(180), "every confirmation after the outage");
        var allArrived = recovery.Elapsed;
        await Eventually.Until(() => harness.Probe.CountAsync(NotificationTimers.Queue), n => n == 0, TimeSpan.FromSeconds(60), "no later try left queued");

        var counts = await CountsAsync(recipients);
        Assert.True(counts.Values.All(n => n == 1), $"each recipient got exactly one email; got more: {string.Join(", ", counts.Where(c => c.Value != 1))}");
        Assert.Equal(0, await harness.Probe.CountAsync(PlanNotifications.Queue + "-poison"));
        Assert.Equal(0, await harness.Probe.CountAsync(NotificationTimers.Queue + "-poison"));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"booked {starts.Count} in {booked.TotalSeconds:0.0} s; outage {outageLength.TotalSeconds:0.0} s with {refusedDuringOutage} connections refused; all arrived {allArrived.TotalSeconds:0.0} s after it");
    }

    [Fact]
    public async Task A_send_still_failing_at_the_horizon_is_undelivered_and_on_its_shops_list_and_nothing_is_poisoned()
    {
        await using var relay = new OutageProxy(TestStorage.Services.MailDev.SmtpPort, startDown: true);
        await using var harness = await StartAsync(settings: Settings(relay.Port));
        var email = NewEmail();

        var id = await GiveUpOnConfirmationAsync(harness, email);

        var report = await harness.DeliveriesAsync(id);
        var undelivered = report.Entries.Single(e => e is { Kind: "confirmation", Channel: "email", Outcome: "undelivered" });
        Assert.Equal("retries-exhausted", undelivered.Reason);
        var listed = Assert.Single((await ListAsync(harness)).Messages, m => m.Kind == "confirmation");
        Assert.Equal((id, "confirmation", "email", email, "undelivered", "retries-exhausted"),
            (listed.AppointmentId, listed.Kind, listed.Channel, listed.Recipient, listed.Status, listed.Reason));
        Assert.True(listed.Attempts >= 3, $"tried again before giving up ({listed.Attempts} tries)");
        Assert.Equal(undelivered.Attempts, listed.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(listed.LastError));
        Assert.Equal(0, await harness.Probe.CountAsync(PlanNotifications.Queue + "-poison"));
        Assert.Equal(0, await harness.Probe.CountAsync(NotificationTimers.Queue + "-poison"));
    }

    [Fact]
    public async Task Staff_retry_an_undelivered_message_once_the_relay_is_back_it_arrives_once_and_a_second_retry_is_a_409()
    {
        await using var relay = new OutageProxy(TestStorage.Services.MailDev.SmtpPort, startDown: true);
        await using var harness = await StartAsync(settings: Settings(relay.Port));
        var email = NewEmail();
        var id = await GiveUpOnConfirmationAsync(harness, email);
        var listed = Assert.Single((await ListAsync(harness)).Messages, m => m.Kind == "confirmation");
        relay.BringUp();

        using var retry = await harness.Staff.PostAsJsonAsync($"{UndeliveredPath}/{listed.Id}/retry", new { reasonCode = "other" }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var accepted = (await retry.Content.ReadFromJsonAsync<UndeliveredFunctions.UndeliveredView>(Json, Ct))!;
        Assert.Equal(("retry-requested", AutoShopApp.StaffId, "other"), (accepted.Status, accepted.RetriedBy, accepted.RetryReason));
        var confirmation = Assert.Single(await EmailsAsync(email, "Appointment confirmed"));
        Assert.Equal(MessageDelivery.MessageIdFor($"{id}:v1:confirmation:booked"), (await Mail.GetMessageAsync(confirmation.Id, Ct)).MessageId);
        await Eventually.Until(() => ListAsync(harness), page => page.Messages.All(m => m.Id != listed.Id), because: "the delivered message leaves the list");

        using var again = await harness.Staff.PostAsJsonAsync($"{UndeliveredPath}/{listed.Id}/retry", new { reasonCode = "other" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Single(await AllEmailsToAsync(email));
        var audit = await harness.Probe.Table(UndeliveredMessages.Table)
            .QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == Shop, cancellationToken: Ct).ToListAsync(Ct);
        var record = Assert.Single(audit, r => r.RowKey.StartsWith("audit|", StringComparison.Ordinal));
        Assert.Equal((AutoShopApp.StaffId, "other", id), (record.GetString("ActorId"), record.GetString("ReasonCode"), record.GetString("AppointmentId")));
    }

    [Theory]
    [InlineData(RejectingSmtpRelay.RejectMarker, "550")]
    [InlineData(RejectingSmtpRelay.RefuseMessageMarker, "554")]
    public async Task A_recipient_or_message_the_relay_refuses_for_good_is_undelivered_at_once_without_later_tries(string marker, string code)
    {
        await using var relay = new RejectingSmtpRelay();
        await using var harness = await StartAsync(settings: Settings(relay.Port));
        var email = $"{marker}.{Guid.NewGuid():N}@example.com";

        var id = await harness.BookAsync("2026-11-25T09:00", email, phone: null, smsOptIn: false);

        var report = await harness.DeliveriesUntilAsync(id, r => Has(r, "confirmation", "email", "undelivered"), "the refusal given up at once");
        var undelivered = report.Entries.Single(e => e is { Kind: "confirmation", Channel: "email", Outcome: "undelivered" });
        Assert.Equal(("rejected", 1), (undelivered.Reason, undelivered.Attempts));
        Assert.DoesNotContain(report.Entries, e => e is { Kind: "confirmation", Outcome: "failed" });
        Assert.Equal(1, relay.RecipientsTried[email]);
        var listed = Assert.Single((await ListAsync(harness)).Messages, m => m.Kind == "confirmation");
        Assert.Equal((id, email, "rejected", 1), (listed.AppointmentId, listed.Recipient, listed.Reason, listed.Attempts));
        Assert.Contains(code, listed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_undelivered_list_and_retry_answer_bad_input_with_problems_and_change_nothing()
    {
        await using var harness = await StartAsync();
        using var anonymous = harness.App.CreateClient();
        const string someId = "0123456789abcdef0123456789abcdef";

        var noKey = await anonymous.GetAsync(UndeliveredPath, Ct);
        var badAfter = await harness.Staff.GetAsync($"{UndeliveredPath}?after=not-an-id", Ct);
        var badSize = await harness.Staff.GetAsync($"{UndeliveredPath}?pageSize=0", Ct);
        var noShop = await harness.Staff.GetAsync("/api/shops/no-such-shop/undelivered-messages", Ct);
        var noReason = await harness.Staff.PostAsJsonAsync($"{UndeliveredPath}/{someId}/retry", new { }, Ct);
        var badReason = await harness.Staff.PostAsJsonAsync($"{UndeliveredPath}/{someId}/retry", new { reasonCode = "because" }, Ct);
        var noMessage = await harness.Staff.PostAsJsonAsync($"{UndeliveredPath}/{someId}/retry", new { reasonCode = "other" }, Ct);
        var badId = await harness.Staff.PostAsJsonAsync($"{UndeliveredPath}/..%2F..%2Fx/retry", new { reasonCode = "other" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        await AssertProblemAsync(badAfter, HttpStatusCode.BadRequest, "after");
        await AssertProblemAsync(badSize, HttpStatusCode.BadRequest, "pageSize");
        await AssertProblemAsync(noShop, HttpStatusCode.NotFound);
        await AssertProblemAsync(noReason, HttpStatusCode.BadRequest, "reasonCode");
        await AssertProblemAsync(badReason, HttpStatusCode.BadRequest, "reasonCode");
        await AssertProblemAsync(noMessage, HttpStatusCode.NotFound);
        await AssertProblemAsync(badId, HttpStatusCode.NotFound);
        Assert.Equal(0, await harness.Probe.CountAsync(NotificationTimers.Queue));
        Assert.Empty((await ListAsync(harness)).Messages);
    }

    [Fact]
    public async Task A_page_size_that_is_no_whole_number_is_400_naming_it_before_the_shop_is_looked_up_and_a_retry_without_a_body_asks_for_its_reason_code()
    {
        await using var harness = await StartAsync();
        const string someId = "0123456789abcdef0123456789abcdef";

        var wordSize = await harness.Staff.GetAsync($"{UndeliveredPath}?pageSize=ten", Ct);
        var fractionSize = await harness.Staff.GetAsync($"{UndeliveredPath}?pageSize=2.5", Ct);
        var noShopWordSize = await harness.Staff.GetAsync("/api/shops/no-such-shop/undelivered-messages?pageSize=ten", Ct);
        var emptySize = await harness.Staff.GetAsync($"{UndeliveredPath}?pageSize=", Ct);
        var noBody = await harness.Staff.PostAsync($"{UndeliveredPath}/{someId}/retry", content: null, Ct);

        await AssertProblemAsync(wordSize, HttpStatusCode.BadRequest, "pageSize");
        await AssertProblemAsync(fractionSize, HttpStatusCode.BadRequest, "pageSize");
        await AssertProblemAsync(noShopWordSize, HttpStatusCode.BadRequest, "pageSize");
        await AssertProblemAsync(emptySize, HttpStatusCode.BadRequest, "pageSize"); // present but empty: no whole number either
        await AssertProblemAsync(noBody, HttpStatusCode.BadRequest, "reasonCode");
        Assert.Equal(0, await harness.Probe.CountAsync(NotificationTimers.Queue));
    }

    /// <summary>Books with the relay down, waits for a later try, then moves the clock past the horizon until the confirmation is given up.</summary>
    private static async Task<string> GiveUpOnConfirmationAsync(NotificationHarness harness, string email)
    {
        var id = await harness.BookAsync("2026-11-25T09:00", email, phone: null, smsOptIn: false);
        await harness.DeliveriesUntilAsync(id, r => r.Entries.Any(e => e is { Kind: "confirmation", Channel: "email", Outcome: "failed", Attempts: >= 2 }),
            "a later try after the first failure");
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await harness.DeliveriesUntilAsync(id, r => Has(r, "confirmation", "email", "undelivered"), "given up once the horizon passed");
        return id;
    }

    private static async Task<UndeliveredFunctions.UndeliveredPage> ListAsync(NotificationHarness harness) =>
        (await harness.Staff.GetFromJsonAsync<UndeliveredFunctions.UndeliveredPage>(UndeliveredPath, Json, Ct))!;

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is null) return;
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names '{field}': {problem}");
    }

    /// <summary>Bookable starts (shop-local, to the minute) that do not overlap each other, so all can be booked; earliest first.</summary>
    private static async Task<List<string>> FreeStartsAsync(NotificationHarness harness, int count)
    {
        using var client = harness.App.CreateClient();
        var found = await client.GetFromJsonAsync<JsonElement>($"/api/shops/{Shop}/availability?services=oil-change&limit=500&to=2026-12-15", Ct);
        var duration = TimeSpan.FromMinutes(found.GetProperty("durationMinutes").GetInt32());
        var starts = new List<string>();
        var free = DateTimeOffset.MinValue;
        foreach (var slot in found.GetProperty("slots").EnumerateArray())
        {
            var start = DateTimeOffset.Parse(slot.GetProperty("start").GetProperty("utc").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            if (start < free) continue;
            starts.Add(slot.GetProperty("start").GetProperty("local").GetString()![..16]);
            free = start + duration;
            if (starts.Count == count) break;
        }
        Assert.True(starts.Count == count, $"the shop has {count} free starts that do not overlap before 15 December (found {starts.Count})");
        return starts;
    }

    /// <summary>How many emails MailDev holds for each recipient.</summary>
    private static async Task<Dictionary<string, int>> CountsAsync(IReadOnlyList<string> recipients)
    {
        var all = await Mail.ListEmailsAsync(Ct);
        return recipients.ToDictionary(r => r, r => all.Count(e => e.IsTo(r)));
    }
}
