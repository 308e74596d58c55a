using AutoShop.Functions.Approvals;
using AutoShop.Functions.Tests.Durable;
using DurableTask.Core;
using DurableTask.Core.Command;

namespace AutoShop.Functions.Tests.SelfService;

/// <summary>
/// <see cref="ExceptionApproval"/>'s decisions step by step, as the durable backend replays it (no storage, no
/// waiting): what it asks for after each activity, timer and event.
/// </summary>
public sealed class ExceptionApprovalReplayTests
{
    private const string RequestId = "20261201-abc-queens-blvd";
    private static readonly DateTime T0 = new(2026, 11, 30, 20, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_deadline_timer_is_the_time_the_first_activity_says_is_left()
    {
        var replay = Notified(secondsLeft: 5);

        Assert.Equal(T0.AddSeconds(1 + 5), Single<CreateTimerOrchestratorAction>(replay).FireAt);
    }

    [Fact]
    public void A_decided_event_ends_it_without_expiring_anything()
    {
        var replay = Notified(secondsLeft: 5).RaiseEvent(ExceptionApproval.DecidedEvent, "approved", T0.AddSeconds(2));

        var done = Single<OrchestrationCompleteOrchestratorAction>(replay);
        Assert.Equal((OrchestrationStatus.Completed, "\"decided\""), (done.OrchestrationStatus, done.Result));
    }

    [Fact]
    public void A_timer_that_fires_before_the_app_clock_says_due_waits_again_at_least_a_second_then_expires()
    {
        var replay = Notified(secondsLeft: 5);
        var deadline = Single<CreateTimerOrchestratorAction>(replay);
        replay.FireTimer(deadline.Id, deadline.FireAt);
        var expire = Single<ScheduleTaskOrchestratorAction>(replay);
        Assert.Equal(ExpireExceptionRequest.Name, expire.Name);

        replay.CompleteActivity(expire.Id, 0.2, deadline.FireAt.AddMilliseconds(100)); // not yet due by the app's clock
        var again = Single<CreateTimerOrchestratorAction>(replay);
        Assert.Equal(deadline.FireAt.AddMilliseconds(100).AddSeconds(1), again.FireAt);
        replay.FireTimer(again.Id, again.FireAt);
        replay.CompleteActivity(Single<ScheduleTaskOrchestratorAction>(replay).Id, null, again.FireAt.AddMilliseconds(100));

        Assert.Equal("\"ended\"", Single<OrchestrationCompleteOrchestratorAction>(replay).Result);
    }

    [Fact]
    public void A_decision_that_arrives_while_the_expiry_runs_ends_the_next_wait()
    {
        var replay = Notified(secondsLeft: 5);
        var deadline = Single<CreateTimerOrchestratorAction>(replay);
        replay.FireTimer(deadline.Id, deadline.FireAt);
        var expire = Single<ScheduleTaskOrchestratorAction>(replay);
        replay.RaiseEvent(ExceptionApproval.DecidedEvent, "approved", deadline.FireAt.AddMilliseconds(50));

        replay.CompleteActivity(expire.Id, 0.5, deadline.FireAt.AddMilliseconds(100));

        // The round's timer is asked for before the buffered event ends it (a timer of a finished instance is dropped).
        Assert.Equal("\"decided\"", Assert.Single(replay.Actions.OfType<OrchestrationCompleteOrchestratorAction>()).Result);
    }

    [Fact]
    public void A_request_that_needs_no_decision_by_the_time_approvers_would_be_told_ends_at_once()
    {
        var replay = OrchestrationReplay.Of<ExceptionApproval>(ExceptionApproval.Name).Start(RequestId, T0);
        replay.CompleteActivity(Single<ScheduleTaskOrchestratorAction>(replay).Id, null, T0.AddSeconds(1));

        Assert.Equal("\"ended\"", Single<OrchestrationCompleteOrchestratorAction>(replay).Result);
    }

    /// <summary>Started at T0; the approvers were told one second later, with this long left.</summary>
    private static OrchestrationReplay Notified(double secondsLeft)
    {
        var replay = OrchestrationReplay.Of<ExceptionApproval>(ExceptionApproval.Name).Start(RequestId, T0);
        var notify = Single<ScheduleTaskOrchestratorAction>(replay);
        Assert.Equal((NotifyApprovers.Name, $"[\"{RequestId}\"]"), (notify.Name, notify.Input));
        return replay.CompleteActivity(notify.Id, secondsLeft, T0.AddSeconds(1));
    }

    private static T Single<T>(OrchestrationReplay replay) where T : OrchestratorAction => Assert.IsType<T>(Assert.Single(replay.Actions));
}
