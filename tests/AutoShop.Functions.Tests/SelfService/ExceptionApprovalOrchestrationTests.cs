using System.Net;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Tests.Durable;
using AutoShop.Functions.Tests.Support;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.SelfService;

/// <summary>
/// An exception request's life as the <see cref="ExceptionApproval"/> orchestration on the local host's durable
/// backend: approvers told, then a decision (synchronous, first wins) or the deadline ends it, and the customer
/// hears the outcome once. The business clock is fake; the durable timer runs in real time, so requests that
/// must expire get a deadline a few seconds out and the test moves the business clock past it.
/// </summary>
public sealed class ExceptionApprovalOrchestrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string customer = $"customer-{Guid.NewGuid():n}@example.com";

    [Fact]
    public async Task An_approval_moves_the_appointment_tells_the_customer_once_ends_the_orchestration_and_a_second_decision_is_409()
    {
        await using var s = await ExceptionScenario.StartAsync();
        var (id, token) = await s.BookAsync("2026-12-01T09:00", customer);
        s.ToMondayEvening();
        var request = await s.RequestAsync(token);
        await ApproverMailAsync(s);

        using var approved = await s.DecideAsync(request.Id, "approve", "policy-exception");
        using var second = await s.DecideAsync(request.Id, "deny", "other");

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var done = await s.App.Client().CompletionAsync(ExceptionApproval.InstanceId(request.Id));
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "decided"), (done.RuntimeStatus, done.ReadOutputAs<string>()));
        Assert.Equal(2, (await BookingScenario.LoadAsync(s.App, id)).Version);
        Assert.Equal(ApprovalStatus.Approved, (await s.FindAsync(request.Id)).Status);
        await CustomerMailAsync("Approved:");
        await s.LedgerWithAsync(id, "exception-approved");
        Assert.Single(await CustomerMailsNowAsync("Approved:"));
    }

    [Fact]
    public async Task A_request_no_one_decides_expires_at_its_deadline_and_the_customer_is_told_once()
    {
        await using var s = await ExceptionScenario.StartAsync(new Dictionary<string, string?> { ["Approvals:TimeToDecide"] = "00:00:05" });
        var (id, token) = await s.BookAsync("2026-12-01T09:00", customer);
        s.ToMondayEvening();
        var request = await s.RequestAsync(token);
        await ApproverMailAsync(s);

        s.Clock.Advance(TimeSpan.FromSeconds(6));
        var done = await s.App.Client().CompletionAsync(ExceptionApproval.InstanceId(request.Id));

        Assert.Equal((OrchestrationRuntimeStatus.Completed, "ended"), (done.RuntimeStatus, done.ReadOutputAs<string>()));
        var expired = await s.FindAsync(request.Id);
        Assert.Equal((ApprovalStatus.Expired, ReasonCode.ApprovalExpired), (expired.Status, expired.Decision!.Reason));
        await CustomerMailAsync("About your request");
        using var late = await s.DecideAsync(request.Id, "approve", "policy-exception");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Single(await s.LedgerWithAsync(id, "exception-expired"), r => r.Action == "exception-expired");
        Assert.Single(await CustomerMailsNowAsync("About your request"));
    }

    [Fact]
    public async Task Cancelling_the_appointment_withdraws_the_request_and_ends_the_orchestration_without_telling_the_customer_of_an_expiry()
    {
        await using var s = await ExceptionScenario.StartAsync(new Dictionary<string, string?> { ["Approvals:TimeToDecide"] = "00:00:05" });
        var (id, token) = await s.BookAsync("2026-12-01T09:00", customer);
        s.ToMondayEvening();
        var request = await s.RequestAsync(token);
        await ApproverMailAsync(s);

        using var cancelled = await s.App.CreateStaffClient().PostAsync($"/api/appointments/{id}/cancel",
            System.Net.Http.Json.JsonContent.Create(new { reasonCode = "customer-request" }), Ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var done = await s.App.Client().CompletionAsync(ExceptionApproval.InstanceId(request.Id));

        Assert.Equal("decided", done.ReadOutputAs<string>());
        Assert.Equal(ApprovalStatus.Withdrawn, (await s.FindAsync(request.Id)).Status);
        Assert.DoesNotContain((await History(s, request.Id)).OfType<TaskScheduledEvent>(), e => e.Name == ExpireExceptionRequest.Name);
    }

    [Fact]
    public async Task A_restart_while_the_orchestration_waits_for_a_decision_still_expires_the_request_once()
    {
        var settings = new Dictionary<string, string?> { ["Approvals:TimeToDecide"] = "00:00:08" };
        var s = await ExceptionScenario.StartAsync(settings);
        string requestId, appointmentId;
        try
        {
            (appointmentId, var token) = await s.BookAsync("2026-12-01T09:00", customer);
            s.ToMondayEvening();
            requestId = (await s.RequestAsync(token)).Id;
            await Eventually.Until(() => History(s, requestId), h => h.OfType<TimerCreatedEvent>().Any(), TimeSpan.FromSeconds(60), "the approval waits on its deadline");
        }
        finally
        {
            await s.DisposeAsync();
        }

        var clock = new FakeTimeProvider(s.Clock.GetUtcNow().AddSeconds(9));
        await using var restarted = new AutoShopApp(s.ConnectionString) { Clock = clock, Durable = true };
        foreach (var (key, value) in s.App.Settings) restarted.Settings[key] = value;
        var done = await restarted.Client().CompletionAsync(ExceptionApproval.InstanceId(requestId));

        Assert.Equal("ended", done.ReadOutputAs<string>());
        Assert.Equal(ApprovalStatus.Expired, (await restarted.Services.GetRequiredService<ApprovalStore>().FindAsync(requestId, Ct))!.Status);
        await CustomerMailAsync("About your request");
        var history = await restarted.Client().GetOrchestrationHistoryAsync(ExceptionApproval.InstanceId(requestId), Ct);
        Assert.Single(history.OfType<TaskScheduledEvent>(), e => e.Name == NotifyApprovers.Name);
        Assert.Single(await CustomerMailsNowAsync("About your request"));
        Assert.Single(await TestStorage.Services.MailDev.Client.ListEmailsAsync(Ct), m => m.IsTo(s.Approver) && m.Subject.StartsWith("Exception requested", StringComparison.Ordinal));
    }

    private static Task ApproverMailAsync(ExceptionScenario s) =>
        TestStorage.Services.MailDev.Client.WaitForEmailsAsync(m => m.IsTo(s.Approver) && m.Subject.StartsWith("Exception requested", StringComparison.Ordinal),
            1, TimeSpan.FromSeconds(60), Ct);

    private Task CustomerMailAsync(string subject) =>
        TestStorage.Services.MailDev.Client.WaitForEmailsAsync(m => m.IsTo(customer) && m.Subject.StartsWith(subject, StringComparison.Ordinal),
            1, TimeSpan.FromSeconds(60), Ct);

    /// <summary>The customer's emails with this subject so far: checked last, after the steps a second copy would have come with.</summary>
    private async Task<List<Testing.Mail.MailDevEmail>> CustomerMailsNowAsync(string subject) =>
        [.. (await TestStorage.Services.MailDev.Client.ListEmailsAsync(Ct)).Where(m => m.IsTo(customer) && m.Subject.StartsWith(subject, StringComparison.Ordinal))];

    private static async Task<IList<HistoryEvent>> History(ExceptionScenario s, string requestId)
    {
        try
        {
            return await s.App.Client().GetOrchestrationHistoryAsync(ExceptionApproval.InstanceId(requestId), Ct);
        }
        catch (ArgumentException)
        {
            return []; // not started yet
        }
    }
}
