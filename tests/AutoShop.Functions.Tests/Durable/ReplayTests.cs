using DurableTask.Core;
using DurableTask.Core.Command;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AutoShop.Functions.Tests.Durable;

/// <summary>
/// The probe orchestration driven step by step by <see cref="OrchestrationReplay"/>: what product orchestration
/// tests do, with no storage and no waiting (time is each episode's timestamp).
/// </summary>
public sealed class ReplayTests
{
    private static readonly DateTime T0 = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_probe_asks_for_each_step_in_turn_and_completes_with_the_decision()
    {
        var replay = Decided("approved");

        var done = Assert.IsType<OrchestrationCompleteOrchestratorAction>(Assert.Single(replay.Actions));
        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("\"p1: approved\"", done.Result);
    }

    [Fact]
    public void The_timer_is_due_its_delay_after_the_episode_that_created_it()
    {
        var replay = OrchestrationReplay.Of<ProbeOrchestration>(ProbeOrchestration.Name).Start(new ProbeInput("p1", 5, 60), T0);
        replay.CompleteActivity(Single<ScheduleTaskOrchestratorAction>(replay).Id, null, T0.AddSeconds(1));

        Assert.Equal(T0.AddSeconds(6), Single<CreateTimerOrchestratorAction>(replay).FireAt);
    }

    [Fact]
    public void A_decision_that_does_not_come_before_its_timeout_is_recorded_as_timed_out()
    {
        var replay = AtDecision();
        var timeout = Single<CreateTimerOrchestratorAction>(replay);

        replay.FireTimer(timeout.Id, timeout.FireAt);

        var decided = Single<ScheduleTaskOrchestratorAction>(replay);
        Assert.Equal(ProbeActivities.Decided, decided.Name);
        Assert.Contains("timed out", decided.Input, StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_orchestrator_code_fails_the_replay_of_an_earlier_history_as_non_deterministic()
    {
        var history = Decided("approved").History;

        var replayed = OrchestrationReplay.Of<ChangedProbeOrchestration>(ProbeOrchestration.Name).Replay(history);

        var failed = replayed.Completion();
        Assert.Equal(OrchestrationStatus.Failed, failed.OrchestrationStatus);
        Assert.Contains("Non-Deterministic", failed.FailureDetails?.ErrorMessage ?? failed.Details ?? failed.Result, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_unchanged_code_replays_its_own_history_to_the_same_result()
    {
        var replay = Decided("approved");

        var replayed = OrchestrationReplay.Of<ProbeOrchestration>(ProbeOrchestration.Name).Replay(replay.History);

        Assert.Equal(OrchestrationStatus.Completed, replayed.Completion().OrchestrationStatus);
        Assert.Equal("\"p1: approved\"", replayed.Completion().Result);
    }

    /// <summary>Started, its first activity done, its timer fired, the after-timer activity done: waiting for the decision.</summary>
    private static OrchestrationReplay AtDecision()
    {
        var replay = OrchestrationReplay.Of<ProbeOrchestration>(ProbeOrchestration.Name).Start(new ProbeInput("p1", 5, 60), T0);
        replay.CompleteActivity(Single<ScheduleTaskOrchestratorAction>(replay).Id, null, T0.AddSeconds(1));
        var timer = Single<CreateTimerOrchestratorAction>(replay);
        replay.FireTimer(timer.Id, timer.FireAt);
        var fired = Single<ScheduleTaskOrchestratorAction>(replay);
        Assert.Equal(ProbeActivities.TimerFired, fired.Name);
        replay.CompleteActivity(fired.Id, null, timer.FireAt.AddSeconds(1));
        return replay;
    }

    private static OrchestrationReplay Decided(string verdict)
    {
        var replay = AtDecision();
        replay.RaiseEvent(ProbeOrchestration.DecisionEvent, new Decision("p1", verdict), T0.AddSeconds(8));
        var decided = Single<ScheduleTaskOrchestratorAction>(replay);
        Assert.Equal(ProbeActivities.Decided, decided.Name);
        return replay.CompleteActivity(decided.Id, null, T0.AddSeconds(9));
    }

    private static T Single<T>(OrchestrationReplay replay) where T : OrchestratorAction => Assert.IsType<T>(Assert.Single(replay.Actions));

    /// <summary>The probe after a careless edit: it records the decision before anything else.</summary>
    public sealed class ChangedProbeOrchestration
    {
        [Function(ProbeOrchestration.Name)]
        public async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
        {
            var input = context.GetInput<ProbeInput>()!;
            await context.CallActivityAsync(ProbeActivities.Decided, new Decision(input.Name, "early"));
            return input.Name;
        }
    }
}
