using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace AutoShop.LocalHost.Durable;

/// <summary>
/// The <see cref="DurableTaskClient"/> the local host hands to <c>[DurableClient]</c> parameters (Azure hands
/// the Durable extension's): DTFx's <see cref="TaskHubClient"/> and the Azure Storage service's queries and
/// purges on the local host's task hub, with the worker's JSON and Durable Functions' instance-id rules.
/// </summary>
public sealed class LocalDurableTaskClient(TaskHubService hub, DurableDataConverter converter, ILoggerFactory loggerFactory) : DurableTaskClient("local")
{
    /// <summary>
    /// A start with no dedupe statuses of its own refuses an instance id in one of these, as Durable Functions does
    /// (host.json overridableExistingInstanceStates: NonRunningStates): OrchestrationAlreadyExistsException.
    /// </summary>
    public static readonly IReadOnlyList<OrchestrationStatus> RunningStatuses =
        [OrchestrationStatus.Running, OrchestrationStatus.Pending, OrchestrationStatus.Suspended, OrchestrationStatus.ContinuedAsNew];

    private static readonly TimeSpan StartPollInterval = TimeSpan.FromMilliseconds(250);
    private TaskHubClient? client;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var (_, hubClient) = await ConnectAsync(cancellation);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var dedupe = options?.DedupeStatuses?.Select(s => Enum.Parse<OrchestrationStatus>(s, ignoreCase: true)).ToArray() ?? [.. RunningStatuses];
        var tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value) ?? [];
        var version = options?.Version?.Version ?? "";
        if (options?.StartAt is { } startAt)
            await hubClient.CreateOrchestrationInstanceAsync(orchestratorName.Name, version, instanceId, input, tags, dedupe, startAt.UtcDateTime);
        else
            await hubClient.CreateOrchestrationInstanceAsync(orchestratorName.Name, version, instanceId, input, tags, dedupe);
        return instanceId;
    }

    /// <remarks>As Durable Functions' client: an unknown instance is an ArgumentException, a finished one an InvalidOperationException.</remarks>
    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        var (_, hubClient) = await ConnectAsync(cancellation);
        var state = await hubClient.GetOrchestrationStateAsync(instanceId)
            ?? throw new ArgumentException($"No instance with ID '{instanceId}' was found.", nameof(instanceId));
        if (!RunningStatuses.Contains(state.OrchestrationStatus))
            throw new InvalidOperationException($"Cannot raise event {eventName} for orchestration instance {instanceId} because instance is in {state.OrchestrationStatus} state");
        // No execution id: the event reaches the current execution, also after ContinueAsNew.
        await hubClient.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, eventPayload!);
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var (service, _) = await ConnectAsync(cancellation);
        var states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs);
        return states is [{ } state, ..] ? Metadata(state, getInputsAndOutputs) : null;
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var (service, _) = await ConnectAsync(cancellation);
            var query = new CoreQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(s => (OrchestrationStatus)s).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            var result = await service.GetOrchestrationWithQueryAsync(query, cancellation);
            return new Page<OrchestrationMetadata>([.. result.OrchestrationState.Select(s => Metadata(s, query.FetchInputsAndOutputs))], result.ContinuationToken);
        });

    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation) is { RuntimeStatus: not OrchestrationRuntimeStatus.Pending } started)
                return started;
            await Task.Delay(StartPollInterval, cancellation);
        }
    }

    /// <remarks>TaskHubClient polls the instance row; the SDK's timeout is the token.</remarks>
    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var (_, hubClient) = await ConnectAsync(cancellation);
        var state = await hubClient.WaitForOrchestrationAsync(new OrchestrationInstance { InstanceId = instanceId }, Timeout.InfiniteTimeSpan, cancellation);
        return Metadata(state, getInputsAndOutputs);
    }

    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var (_, hubClient) = await ConnectAsync(cancellation);
        await hubClient.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, converter.Serialize(options?.Output)!);
    }

    public override async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        var (_, hubClient) = await ConnectAsync(cancellation);
        await hubClient.SuspendInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);
    }

    public override async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        var (_, hubClient) = await ConnectAsync(cancellation);
        await hubClient.ResumeInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var (service, _) = await ConnectAsync(cancellation);
        var result = await service.PurgeInstanceHistoryAsync(instanceId);
        return new PurgeResult(result.InstancesDeleted, result.IsComplete);
    }

    /// <remarks>Without statuses only finished instances go: a running one keeps its history.</remarks>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var (service, _) = await ConnectAsync(cancellation);
        var result = await service.PurgeInstanceHistoryAsync(filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue, filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(s => (OrchestrationStatus)s) ?? [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated]);
        return new PurgeResult(result.InstancesDeleted, result.IsComplete);
    }

    /// <summary>The current execution's history, as DTFx events: what a replay test feeds the executor.</summary>
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        var (_, hubClient) = await ConnectAsync(cancellation);
        // TaskHubClient needs the execution id.
        var state = await hubClient.GetOrchestrationStateAsync(instanceId)
            ?? throw new ArgumentException($"No instance with ID '{instanceId}' was found.", nameof(instanceId));
        return HistoryJson.Parse(await hubClient.GetOrchestrationHistoryAsync(state.OrchestrationInstance));
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<(AzureStorageOrchestrationService Service, TaskHubClient Client)> ConnectAsync(CancellationToken cancellation)
    {
        var service = await hub.ReadyAsync(cancellation);
        return (service, client ??= new TaskHubClient(service, converter.ForTaskHubClient(), loggerFactory));
    }

    /// <remarks>DTFx's OrchestrationStatus and the SDK's OrchestrationRuntimeStatus share their numbers.</remarks>
    private OrchestrationMetadata Metadata(OrchestrationState state, bool withData) => new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        DataConverter = withData ? converter : null,
        RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
        CreatedAt = state.CreatedTime,
        LastUpdatedAt = state.LastUpdatedTime,
        SerializedInput = withData ? state.Input : null,
        SerializedOutput = withData ? state.Output : null,
        SerializedCustomStatus = state.Status,
        Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
        FailureDetails = state.FailureDetails is { } f ? new TaskFailureDetails(f.ErrorType, f.ErrorMessage, f.StackTrace, null, null) : null,
    };
}
