using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// One exception request's life, as an orchestration (instance <c>approval-{requestId}</c>, started by
/// <see cref="ApprovalEventsFunction"/> when the request's event arrives): tell the approvers, then wait for
/// the <c>decided</c> event against a durable timer at the request's deadline. A decision, a withdrawal or the
/// appointment's cancellation is recorded synchronously by whoever made it (the store's claim: first wins)
/// and its <c>exception-decided</c> event raises <c>decided</c> here, which ends the wait. At the deadline
/// the request expires, which tells the customer.
/// </summary>
public sealed class ExceptionApproval
{
    public const string Name = "ExceptionApproval";
    public const string DecidedEvent = "decided";

    /// <summary>Never below this: a durable timer may fire up to a second early, and a loop must not spin.</summary>
    private const double ShortestWaitSeconds = 1;

    public static string InstanceId(string requestId) => $"approval-{requestId}";

    [Function(Name)]
    public async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, string requestId)
    {
        // Time left comes from the activities, by the app's clock: the one the store's expiry rule reads.
        var secondsLeft = await context.CallActivityAsync<double?>(NotifyApprovers.Name, requestId);
        while (secondsLeft is { } seconds)
        {
            using var wait = new CancellationTokenSource();
            var decided = context.WaitForExternalEvent<string?>(DecidedEvent, wait.Token);
            var deadline = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(Math.Max(seconds, ShortestWaitSeconds)), wait.Token);
            var first = await Task.WhenAny(decided, deadline);
            // Cancel the loser: a waiter left behind would take the next round's "decided" event. Synchronously:
            // CancelAsync would complete the durable tasks off the orchestration's thread.
            wait.Cancel();
            if (first == decided) return "decided";
            secondsLeft = await context.CallActivityAsync<double?>(ExpireExceptionRequest.Name, requestId);
        }
        return "ended";
    }
}
