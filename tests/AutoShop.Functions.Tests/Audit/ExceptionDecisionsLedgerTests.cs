using System.Net;
using System.Net.Http.Json;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Tests.SelfService;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Audit;

/// <summary>Exception requests and the decisions on them reach the ledger through the <c>audit-events</c> subscriber.</summary>
public sealed class ExceptionDecisionsLedgerTests : IAsyncLifetime
{
    private ExceptionScenario scenario = null!;

    public async ValueTask InitializeAsync() => scenario = await ExceptionScenario.StartAsync();

    public async ValueTask DisposeAsync() => await scenario.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_approval_and_a_denial_are_chained_with_actor_time_reason_and_before_and_after()
    {
        var (approvedId, approvedToken) = await scenario.BookAsync("2026-12-01T09:00", "ana@example.com");
        var (deniedId, deniedToken) = await scenario.BookAsync("2026-12-01T10:00", "bo@example.com");
        scenario.ToMondayEvening();
        var toApprove = await scenario.RequestAsync(approvedToken);
        var toDeny = await scenario.RequestAsync(deniedToken, "2026-12-01T13:00");
        await scenario.LedgerWithAsync(approvedId, "exception-requested");
        await scenario.LedgerWithAsync(deniedId, "exception-requested");
        scenario.Clock.Advance(TimeSpan.FromMinutes(5));

        using var approved = await scenario.DecideAsync(toApprove.Id, "approve", "policy-exception", "See you at 11");
        using var denied = await scenario.DecideAsync(toDeny.Id, "deny", "other", "We are fully booked");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (approved.StatusCode, denied.StatusCode));
        var approvedLedger = await scenario.LedgerWithAsync(approvedId, "exception-approved");
        var deniedLedger = await scenario.LedgerWithAsync(deniedId, "exception-denied");
        Assert.Equal(["created", "exception-requested", "rescheduled", "exception-approved"], approvedLedger.Select(r => r.Action));
        Assert.Equal(["created", "exception-requested", "exception-denied"], deniedLedger.Select(r => r.Action));

        var approval = approvedLedger[3];
        Assert.Equal(("staff", AutoShopApp.StaffId, "policy-exception"), (approval.ActorKind, approval.ActorId, approval.ReasonCode));
        Assert.Equal(("2026-11-30T20:05:00.0000000Z", "2026-11-30T15:05:00.0000000-05:00"), (approval.AtUtc, approval.AtLocal));
        Assert.Equal($"approval:{toApprove.Id}.decided", approval.SourceKey);
        Assert.EndsWith("pending", approval.Before, StringComparison.Ordinal);
        Assert.Contains("move to 2026-12-01T11:00", approval.Before, StringComparison.Ordinal);
        Assert.EndsWith("approved (See you at 11)", approval.After, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(approval.CorrelationId));
        Assert.Equal(("approval", toApprove.Id), (approvedLedger[2].ActorKind, approvedLedger[2].ActorId)); // the move it made

        var denial = deniedLedger[2];
        Assert.Equal(("staff", AutoShopApp.StaffId, "other", $"approval:{toDeny.Id}.decided"), (denial.ActorKind, denial.ActorId, denial.ReasonCode, denial.SourceKey));
        Assert.EndsWith("denied (We are fully booked)", denial.After, StringComparison.Ordinal);
        var asked = deniedLedger[1];
        Assert.Equal(("customer", deniedId, "policy-exception", $"approval:{toDeny.Id}.requested"), (asked.ActorKind, asked.ActorId, asked.ReasonCode, asked.SourceKey));

        var verified = await scenario.App.CreateStaffClient().GetFromJsonAsync<AuditVerificationDto>("/api/shops/queens-blvd/audit/verify", Ct);
        Assert.Equal((7L, true), (verified!.HeadSequence, verified.Intact));
        Assert.Equal(0, await new StorageProbe(scenario.ConnectionString).CountAsync(ChainAppointmentAudit.Queue + "-poison"));
    }
}
