using AutoShop.Domain.Approvals;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// The exception approval's deadline activity: expires the request if it is still pending and due
/// (<see cref="ApprovalService.ExpireIfDueAsync"/>; its <c>exception-decided</c> event tells the customer,
/// once). Answers null once the request needs no decision, or the seconds still left when the durable timer
/// came before the app's clock says it is due, so the orchestration waits again.
/// </summary>
public sealed class ExpireExceptionRequest(ApprovalStore store, ApprovalService approvals, TimeProvider clock)
{
    public const string Name = "ExpireExceptionRequest";

    [Function(Name)]
    public async Task<double?> RunAsync([ActivityTrigger] string requestId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(requestId, cancellationToken) is not { } request) return null;
        var standing = await approvals.ExpireIfDueAsync(request, null, null, cancellationToken);
        return standing.Status == ApprovalStatus.Pending ? NotifyApprovers.SecondsLeft(standing, clock) : null;
    }
}
