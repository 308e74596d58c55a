using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Tests.Support;
using AutoShop.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.SelfService;

/// <summary>An appointment has one pending exception request at a time, and a change to the appointment withdraws it.</summary>
public sealed class PendingExceptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_request_while_one_is_pending_is_refused_with_409_naming_it_and_taken_once_it_is_decided()
    {
        await using var s = await ExceptionScenario.StartAsync();
        var (id, token) = await s.BookAsync("2026-12-01T09:00", "ana@example.com");
        s.ToMondayEvening();
        var first = await s.RequestAsync(token);

        using var second = await s.AskAsync(token, "2026-12-01T13:00");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Exception already requested", problem.GetProperty("title").GetString());
        Assert.Equal(first.Id, problem.GetProperty("request").GetProperty("id").GetString());
        Assert.Single(await s.App.Services.GetRequiredService<ApprovalStore>().ListAsync(ShopId.Parse("queens-blvd"), "2026-11-01", Ct));
        // Bad input is still bad input while a request is pending.
        using var noReason = await s.App.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/exception",
            new { action = "reschedule", start = "2026-12-01T13:00", reason = " ", version = 1 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("reason", out _));

        using var denied = await s.DecideAsync(first.Id, "deny", "other");
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        var third = await s.RequestAsync(token, "2026-12-01T13:00");
        Assert.NotEqual(first.Id, third.Id);
        Assert.Equal(id, third.AppointmentId);
    }

    [Fact]
    public async Task Two_requests_sent_at_once_create_one()
    {
        await using var s = await ExceptionScenario.StartAsync();
        var (_, token) = await s.BookAsync("2026-12-01T09:00", "ana@example.com");
        s.ToMondayEvening();

        var answers = await Task.WhenAll(s.AskAsync(token), s.AskAsync(token, "2026-12-01T13:00"));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Single(await s.App.Services.GetRequiredService<ApprovalStore>().ListAsync(ShopId.Parse("queens-blvd"), "2026-11-01", Ct));
    }

    [Fact]
    public async Task Staff_cancelling_the_appointment_withdraws_its_pending_request_tells_the_approvers_by_email_and_teams_and_is_audited()
    {
        using var teams = new TeamsInbox();
        await using var s = await ExceptionScenario.StartAsync(new Dictionary<string, string?> { ["Teams:WebhookUrl"] = teams.Url });
        var (id, token) = await s.BookAsync("2026-12-01T09:00", "ana@example.com");
        s.ToMondayEvening();
        var request = await s.RequestAsync(token);
        // The parts desk posts its shortage cards to the same webhook: look for the approvals' cards by title.
        await Eventually.Until(() => teams.Posts.Any(p => p.Contains("Exception requested", StringComparison.Ordinal)), because: "the request's Teams card");
        await s.LedgerWithAsync(id, "exception-requested");

        using var cancelled = await s.App.CreateStaffClient().PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reasonCode = "customer-request" }, Ct);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var withdrawn = await Eventually.Until(() => s.FindAsync(request.Id), r => r.Status != ApprovalStatus.Pending, because: "the cancellation's event withdraws the request");
        Assert.Equal((ApprovalStatus.Withdrawn, Actor.Staff(AutoShopApp.StaffId), ReasonCode.AppointmentChanged),
            (withdrawn.Status, withdrawn.Decision!.By, withdrawn.Decision.Reason));
        foreach (var approver in s.Approvers)
        {
            var told = await TestStorage.Services.MailDev.Client.WaitForEmailsAsync(
                m => m.IsTo(approver) && m.Subject.StartsWith("Exception withdrawn", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30), Ct);
            Assert.Contains(request.Id, told.Single().Text, StringComparison.Ordinal);
        }
        var card = await Eventually.Until(() => Task.FromResult(teams.Posts.FirstOrDefault(p => p.Contains("Exception withdrawn", StringComparison.Ordinal))),
            p => p is not null, because: "the withdrawal's Teams card");
        Assert.Contains(request.Id, card, StringComparison.Ordinal);

        var ledger = await s.LedgerWithAsync(id, "exception-withdrawn");
        Assert.Equal(["created", "exception-requested", "cancelled", "exception-withdrawn"], ledger.Select(r => r.Action));
        Assert.Equal(("staff", AutoShopApp.StaffId, "appointment-changed", $"approval:{request.Id}.decided"),
            (ledger[3].ActorKind, ledger[3].ActorId, ledger[3].ReasonCode, ledger[3].SourceKey));
        using var late = await s.DecideAsync(request.Id, "approve", "policy-exception");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task A_customer_rescheduling_within_policy_withdraws_their_own_pending_request()
    {
        await using var s = await ExceptionScenario.StartAsync();
        var (id, token) = await s.BookAsync("2026-12-03T09:00", "ana@example.com");
        s.ToMondayEvening();
        var request = await s.RequestAsync(token, "2026-12-03T13:00");

        using var moved = await s.App.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/reschedule", new { start = "2026-12-04T10:00", version = 1 }, Ct);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var withdrawn = await Eventually.Until(() => s.FindAsync(request.Id), r => r.Status != ApprovalStatus.Pending, because: "the reschedule's event withdraws the request");
        Assert.Equal((ApprovalStatus.Withdrawn, Actor.Customer(id)), (withdrawn.Status, withdrawn.Decision!.By));
        await TestStorage.Services.MailDev.Client.WaitForEmailsAsync(
            m => m.IsTo(s.Approver) && m.Subject.StartsWith("Exception withdrawn", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task Deciding_a_request_whose_appointment_changed_before_the_withdrawal_ran_withdraws_it_and_changes_nothing()
    {
        // With the approvals' subscriber off, only the decision itself can notice the change.
        await using var s = await ExceptionScenario.StartAsync(new Dictionary<string, string?> { ["AzureWebJobs:HandleApprovalEvents:Disabled"] = "true" });
        var (id, token) = await s.BookAsync("2026-12-01T09:00", "ana@example.com");
        s.ToMondayEvening();
        var request = await s.RequestAsync(token);
        using var cancelled = await s.App.CreateStaffClient().PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reasonCode = "customer-request" }, Ct);

        using var approved = await s.DecideAsync(request.Id, "approve", "policy-exception");

        Assert.Equal(HttpStatusCode.Conflict, approved.StatusCode);
        var problem = await approved.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("withdrawn", problem.GetProperty("request").GetProperty("status").GetString());
        var appointment = await BookingScenario.LoadAsync(s.App, id);
        Assert.Equal((AppointmentStatus.Cancelled, 2), (appointment.Status, appointment.Version));
        Assert.Equal(ApprovalStatus.Withdrawn, (await s.FindAsync(request.Id)).Status);
    }

    /// <summary>A Workflows webhook on a loopback port that keeps every card posted to it.</summary>
    private sealed class TeamsInbox : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly ConcurrentQueue<string> posts = new();

        public TeamsInbox()
        {
            var port = LoopbackPorts.GetFree(1)[0];
            Url = $"http://127.0.0.1:{port}/workflows/approvals";
            listener.Prefixes.Add($"http://127.0.0.1:{port}/workflows/");
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public IReadOnlyCollection<string> Posts => posts;

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return; // stopped
                }
                using (var reader = new StreamReader(context.Request.InputStream)) posts.Enqueue(await reader.ReadToEndAsync());
                context.Response.StatusCode = 202;
                context.Response.Close();
            }
        }

        public void Dispose() => listener.Close();
    }
}
