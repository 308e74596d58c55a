using AutoShop.Functions.Hosting.Catalog;
using AutoShop.LocalHost.Durable;
using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Durable;

/// <summary>
/// Runs an orchestrator function the way the durable backend runs each episode: DTFx's
/// <see cref="TaskOrchestrationExecutor"/> replays the history, then plays the new events, and returns what the
/// orchestrator does next (schedule an activity, create a timer, complete). No storage, no worker, no waiting:
/// time is each episode's timestamp. Drive it step by step (<see cref="Start"/>, <see cref="CompleteActivity"/>,
/// <see cref="FireTimer"/>, <see cref="RaiseEvent"/>), or <see cref="Replay"/> a history recorded from a real run
/// against today's code to learn whether in-flight instances of that shape survive a deployment.
/// </summary>
public sealed class OrchestrationReplay
{
    private readonly FunctionDefinition function;
    private readonly IServiceProvider services;
    private readonly DurableTaskShimFactory shims;
    private readonly List<HistoryEvent> history = [];
    private readonly OrchestrationInstance instance = new() { InstanceId = "replay-" + Guid.NewGuid().ToString("n")[..8], ExecutionId = "1" };

    private OrchestrationReplay(FunctionDefinition function, IServiceProvider services)
    {
        this.function = function;
        this.services = services;
        Converter = services.GetRequiredService<DurableDataConverter>();
        shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = Converter });
    }

    /// <summary>The orchestrator function of this name among <typeparamref name="TFunctions"/>'s [Function] methods.</summary>
    /// <param name="configure">Services its class's constructor takes (it gets logging and the durable converter).</param>
    public static OrchestrationReplay Of<TFunctions>(string functionName, Action<IServiceCollection>? configure = null)
    {
        var function = new FunctionCatalog([new FunctionSource(Type: typeof(TFunctions))]).Find(functionName) is { Trigger: OrchestrationFunctionTrigger } found
            ? found : throw new ArgumentException($"{typeof(TFunctions).Name} has no orchestrator function '{functionName}'.", nameof(functionName));
        var services = new ServiceCollection().AddLogging().AddDurableDataConverter();
        configure?.Invoke(services);
        return new OrchestrationReplay(function, services.BuildServiceProvider());
    }

    public DurableDataConverter Converter { get; }

    /// <summary>What the orchestrator asked for in the last episode.</summary>
    public IReadOnlyList<OrchestratorAction> Actions { get; private set; } = [];

    /// <summary>The history so far, as the backend would have stored it.</summary>
    public IReadOnlyList<HistoryEvent> History => history;

    public OrchestrationReplay Start(object? input, DateTime at) =>
        Episode(at, new ExecutionStartedEvent(-1, Converter.Serialize(input)) { Name = function.Name, OrchestrationInstance = instance, Version = "" });

    /// <param name="taskId">The <see cref="OrchestratorAction.Id"/> of the scheduling action.</param>
    public OrchestrationReplay CompleteActivity(int taskId, object? result, DateTime at) =>
        Episode(at, new TaskCompletedEvent(-1, taskId, Converter.Serialize(result)));

    public OrchestrationReplay FailActivity(int taskId, Exception failure, DateTime at) =>
        Episode(at, new TaskFailedEvent(-1, taskId, null, null, new FailureDetails(failure)));

    public OrchestrationReplay FireTimer(int timerId, DateTime at) =>
        Episode(at, new TimerFiredEvent(-1, history.OfType<TimerCreatedEvent>().Single(t => t.EventId == timerId).FireAt) { TimerId = timerId });

    public OrchestrationReplay RaiseEvent(string name, object? payload, DateTime at) =>
        Episode(at, new EventRaisedEvent(-1, Converter.Serialize(payload)) { Name = name });

    /// <summary>
    /// Replays a whole recorded history (e.g. <c>DurableTaskClient.GetOrchestrationHistoryAsync</c> of a real run,
    /// or <see cref="HistoryJson.Parse"/> of a file). Changed code that no longer matches it does not throw: the
    /// executor answers a Failed completion whose details say "Non-Deterministic workflow detected". Code that still
    /// matches asks for its completion again (the executor does not match it against the stored one): compare its
    /// <see cref="OrchestrationCompleteOrchestratorAction.Result"/> with the recorded one.
    /// </summary>
    public OrchestratorExecutionResult Replay(IEnumerable<HistoryEvent> recorded) => Execute(recorded, []);

    /// <summary>One episode: the orchestrator replays the history, sees the new event, and its actions are recorded as the backend records them.</summary>
    private OrchestrationReplay Episode(DateTime at, HistoryEvent happened)
    {
        HistoryEvent[] newEvents = [new OrchestratorStartedEvent(-1) { Timestamp = at }, happened];
        var result = Execute(history, newEvents);
        history.AddRange(newEvents);
        history.AddRange(result.Actions.Select(Recorded));
        history.Add(new OrchestratorCompletedEvent(-1));
        Actions = [.. result.Actions];
        return this;
    }

    private OrchestratorExecutionResult Execute(IEnumerable<HistoryEvent> past, IEnumerable<HistoryEvent> newEvents)
    {
        var state = new OrchestrationRuntimeState([.. past.Select(Unplayed)]);
        foreach (var e in newEvents) state.AddEvent(e);
        // A new shim per run: it keeps one execution's state. UseFailureDetails, as the local host's worker runs.
        var orchestration = shims.CreateOrchestration(function.Name, new FunctionOrchestrator(function, services, Converter));
        return new TaskOrchestrationExecutor(state, orchestration, BehaviorOnContinueAsNew.Carryover, entityParameters: null,
            ErrorPropagationMode.UseFailureDetails).Execute();
    }

    private static HistoryEvent Unplayed(HistoryEvent e)
    {
        e.IsPlayed = false;
        return e;
    }

    private static HistoryEvent Recorded(OrchestratorAction action) => action switch
    {
        ScheduleTaskOrchestratorAction task => new TaskScheduledEvent(task.Id, task.Name!, task.Version, task.Input),
        CreateTimerOrchestratorAction timer => new TimerCreatedEvent(timer.Id, timer.FireAt),
        OrchestrationCompleteOrchestratorAction done => new ExecutionCompletedEvent(done.Id, done.Result, done.OrchestrationStatus, done.FailureDetails),
        _ => throw new NotSupportedException($"{action.GetType().Name} is not recorded by this helper yet; add it here."),
    };
}

public static class OrchestrationResults
{
    /// <summary>The run's completion (Completed, or Failed: an exception, or a non-deterministic replay).</summary>
    public static OrchestrationCompleteOrchestratorAction Completion(this OrchestratorExecutionResult result) =>
        result.Actions.OfType<OrchestrationCompleteOrchestratorAction>().SingleOrDefault()
        ?? throw new Xunit.Sdk.XunitException($"The orchestration did not complete; it asked for {string.Join(", ", result.Actions.Select(a => a.GetType().Name))}.");
}
