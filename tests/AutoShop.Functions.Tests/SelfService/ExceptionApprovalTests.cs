using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.SelfService;

/// <summary>Inside the policy window a change becomes an exception request that staff decide from email.</summary>
public sealed partial class ExceptionApprovalTests : IAsyncLifetime
{
    // 18 h before a 09:00 New York start on 2026-12-01: inside the default 24 h window.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly string approver = $"approver-{Guid.NewGuid():n}@autoshop.test";
    private AutoShopApp app = null!;
    private string id = "";
    private string token = "";

    public async ValueTask InitializeAsync()
    {
        app = new AutoShopApp(TestStorage.NewAccount()) { Clock = clock, Durable = true };
        app.Settings["Approvals:Approvers"] = approver + ",second-" + approver;
        await BookingScenario.SeedAsync(app);
        id = (await BookingScenario.BookAsync(app, "2026-12-01T09:00")).GetProperty("id").GetString()!;
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.Zero));
        token = await BookingScenario.ManageTokenAsync(app, id);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<ApprovalDto> RequestMoveAsync(string start = "2026-12-01T11:00")
    {
        var response = await app.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/exception",
            new { action = "reschedule", start, reason = "My car broke down on the way", version = 1 }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ApprovalDto>(Ct))!;
    }

    [Fact]
    public async Task Rescheduling_inside_24h_is_refused_and_offers_an_exception_request()
    {
        var response = await app.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/reschedule", new { start = "2026-12-01T11:00", version = 1 }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("inside-window", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("verdict").GetString());
        var page = await app.CreateClient().GetStringAsync($"/api/manage/{token}", Ct);
        Assert.Contains("/exception", page);
    }

    [Fact]
    public async Task The_approver_opens_the_emailed_link_confirms_and_the_appointment_moves()
    {
        var request = await RequestMoveAsync();
        var mail = (await TestStorage.Services.MailDev.Client.WaitForEmailsAsync(m => m.IsTo(approver), 1, TimeSpan.FromSeconds(30), Ct)).Single();
        var link = ApproveLink().Match(mail.Text!).Groups[1].Value;
        var path = new Uri(link).PathAndQuery;
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), Ct)).StatusCode);
        }
        Assert.Equal(1, (await BookingScenario.LoadAsync(app, id)).Version);

        var page = await client.GetStringAsync(path, Ct);
        var formToken = FormToken().Match(page).Groups[1].Value;
        var decided = await client.PostAsync(path.Split('?')[0], new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["formToken"] = formToken, ["decision"] = "approve", ["reasonCode"] = "policy-exception", ["note"] = "See you at 11",
        }), Ct);

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Contains("Approved by " + approver, await decided.Content.ReadAsStringAsync(Ct));
        var moved = await BookingScenario.LoadAsync(app, id);
        Assert.Equal(2, moved.Version);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero), moved.Start.ToDateTimeOffset());
        Assert.Equal(ApprovalStatus.Approved, (await app.Services.GetRequiredService<ApprovalStore>().FindAsync(request.Id, Ct))!.Status);
        // a later click sees who decided and when
        Assert.Contains("Approved by " + approver, await client.GetStringAsync(path, Ct));
    }

    [Fact]
    public async Task Two_approvers_deciding_at_once_produce_one_decision()
    {
        var request = await RequestMoveAsync();
        var staff = app.CreateStaffClient();

        var answers = await Task.WhenAll(
            staff.PostAsJsonAsync($"/api/approvals/{request.Id}/decision", new { decision = "approve", reasonCode = "policy-exception" }, Ct),
            staff.PostAsJsonAsync($"/api/approvals/{request.Id}/decision", new { decision = "deny", reasonCode = "other" }, Ct));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        var final = (await app.Services.GetRequiredService<ApprovalStore>().FindAsync(request.Id, Ct))!;
        var appointment = await BookingScenario.LoadAsync(app, id);
        Assert.Equal(final.Status == ApprovalStatus.Approved ? 2 : 1, appointment.Version);
    }

    [Fact]
    public async Task Approving_a_slot_that_was_taken_meanwhile_offers_alternatives_and_nothing_changes()
    {
        var request = await RequestMoveAsync("2026-12-01T12:00");
        foreach (var email in new[] { "b@example.com", "c@example.com", "d@example.com", "e@example.com" })
            await app.CreateClient().PostAsJsonAsync("/api/appointments", BookingScenario.Body("2026-12-01T12:00", email: email), Ct);

        var answer = await app.CreateStaffClient().PostAsJsonAsync($"/api/approvals/{request.Id}/decision", new { decision = "approve", reasonCode = "policy-exception" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("alternatives").GetArrayLength() > 0);
        Assert.Equal(ApprovalStatus.Pending, (await app.Services.GetRequiredService<ApprovalStore>().FindAsync(request.Id, Ct))!.Status);
        Assert.Equal(1, (await BookingScenario.LoadAsync(app, id)).Version);
    }

    [Fact]
    public async Task An_expiry_message_armed_before_the_orchestration_took_over_still_expires_the_request_and_later_decisions_are_refused()
    {
        var request = await RequestMoveAsync();
        clock.Advance(TimeSpan.FromHours(13)); // past the appointment start cap (13:00 UTC < 14:00 start) and 12 h

        await app.Services.GetRequiredService<AutoShop.Functions.Storage.StorageClients>().Queues.GetQueueClient(ExpireApprovals.Queue)
            .SendMessageAsync(JsonSerializer.Serialize(new ExpiryMessage(request.Id, request.ExpiresAt), ApprovalJsonContext.Default.ExpiryMessage), Ct);

        await Eventually.Until(async () => (await app.Services.GetRequiredService<ApprovalStore>().FindAsync(request.Id, Ct))!.Status,
            s => s == ApprovalStatus.Expired, because: "the expiry timer fired");
        var late = await app.CreateStaffClient().PostAsJsonAsync($"/api/approvals/{request.Id}/decision", new { decision = "approve", reasonCode = "policy-exception" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [GeneratedRegex(@"Approve: (\S+)")]
    private static partial Regex ApproveLink();

    [GeneratedRegex("name=\"formToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
