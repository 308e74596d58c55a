using AutoShop.Domain.Approvals;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Events;
using AutoShop.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// The approvals' subscriber queue, fed by the outbox (so each event arrives at least once, after its write):
/// <c>exception-requested</c> starts the request's <see cref="ExceptionApproval"/>; <c>exception-decided</c>
/// (approved, denied, expired, withdrawn) raises its <c>decided</c> event, and a withdrawal also tells the
/// approvers; an appointment change withdraws the requests it made moot
/// (<see cref="ApprovalService.WithdrawOutlivedAsync"/>), whose own decided events follow.
/// </summary>
public sealed partial class ApprovalEventsFunction(ApprovalStore store, ApprovalService approvals, ApproverMail mail, ILogger<ApprovalEventsFunction> logger)
{
    public const string Name = "HandleApprovalEvents";
    public const string Queue = "approval-events";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(Queue, Connection = StorageOptions.Section)] string message, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var cloudEvent = CloudEvent.Parse(message);
        switch (cloudEvent.Type)
        {
            case ApprovalEvents.Requested:
                await StartAsync(ApprovalEvents.Read(cloudEvent).Request.Id, durable, cancellationToken);
                break;
            case ApprovalEvents.Decided:
                var decided = ApprovalEvents.Read(cloudEvent);
                if (decided.Request.Status == "withdrawn") await mail.WithdrawnAsync(decided, cancellationToken);
                await RaiseDecidedAsync(decided.Request, durable, cancellationToken);
                break;
            case AppointmentCloudEvents.Updated or AppointmentCloudEvents.Cancelled:
                await approvals.WithdrawOutlivedAsync(AppointmentCloudEvents.Read(cloudEvent), cloudEvent.CorrelationId ?? cloudEvent.Id, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// Starts the request's orchestration unless it exists (a redelivery) or the request needs no decision any
    /// more. The instance is looked up first because the two hosts' clients refuse a duplicate start with
    /// different exceptions; two deliveries at once leave one start refused, and its retry finds the instance.
    /// </summary>
    private async Task StartAsync(string requestId, DurableTaskClient durable, CancellationToken ct)
    {
        var instanceId = ExceptionApproval.InstanceId(requestId);
        if (await durable.GetInstanceAsync(instanceId, ct) is not null) return;
        if (await store.FindAsync(requestId, ct) is not { Status: ApprovalStatus.Pending }) return;
        await durable.ScheduleNewOrchestrationInstanceAsync(ExceptionApproval.Name, requestId, new StartOrchestrationOptions { InstanceId = instanceId }, ct);
        LogStarted(logger, instanceId);
    }

    /// <summary>
    /// Ends the wait of a running instance. None (started before orchestrations, or not yet: its start reads the
    /// request and finds it decided) or a finished one needs nothing: the decision is already stored.
    /// </summary>
    private static async Task RaiseDecidedAsync(ApprovalDto request, DurableTaskClient durable, CancellationToken ct)
    {
        var instanceId = ExceptionApproval.InstanceId(request.Id);
        if (await durable.GetInstanceAsync(instanceId, ct) is not { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running
            or OrchestrationRuntimeStatus.Suspended }) return;
        await durable.RaiseEventAsync(instanceId, ExceptionApproval.DecidedEvent, request.Status, ct);
    }

    [LoggerMessage(LogLevel.Information, "Exception approval {InstanceId} started")]
    private static partial void LogStarted(ILogger logger, string instanceId);
}
