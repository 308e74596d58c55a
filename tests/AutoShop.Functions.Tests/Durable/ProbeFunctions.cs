using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.AspNetCore.Http;

namespace AutoShop.Functions.Tests.Durable;

public sealed record ProbeInput(string Name, int TimerSeconds, int DecisionTimeoutSeconds);

public sealed record TimerDue(string Name, DateTime DueUtc);

public sealed record Decision(string Name, string Verdict);

/// <summary>
/// A test orchestration shaped like the product's approvals and reminders: an activity, a durable timer a few
/// seconds out, an activity after it, then a decision event that may time out, then a last activity. Written
/// exactly as for the isolated worker; the local host runs it on the durable backend.
/// </summary>
public sealed class ProbeOrchestration
{
    public const string Name = "DurableProbe";
    public const string DecisionEvent = "decision";

    [Function(Name)]
    public async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<ProbeInput>()!;
        await context.CallActivityAsync(ProbeActivities.Began, input.Name);
        var due = context.CurrentUtcDateTime.AddSeconds(input.TimerSeconds);
        await context.CreateTimer(due, CancellationToken.None);
        await context.CallActivityAsync(ProbeActivities.TimerFired, new TimerDue(input.Name, due));
        string verdict;
        try
        {
            verdict = (await context.WaitForExternalEvent<Decision>(DecisionEvent, TimeSpan.FromSeconds(input.DecisionTimeoutSeconds))).Verdict;
        }
        catch (TaskCanceledException)
        {
            verdict = "timed out";
        }
        await context.CallActivityAsync(ProbeActivities.Decided, new Decision(input.Name, verdict));
        return $"{input.Name}: {verdict}";
    }
}

/// <summary>Short orchestrations for two hosts on one hub: each calls <see cref="ProbeActivities.Work"/> a few times.</summary>
public sealed class FanOutProbeOrchestration
{
    public const string Name = "DurableFanOutProbe";
    public const int Steps = 3;

    [Function(Name)]
    public async Task<int> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, string name)
    {
        var done = await Task.WhenAll(Enumerable.Range(0, Steps).Select(i => context.CallActivityAsync<int>(ProbeActivities.Work, $"{name}/{i}")));
        return done.Length;
    }
}

/// <summary>The activities count every run in the shared recorder, across every host of a test.</summary>
public sealed class ProbeActivities(DurableRecorder recorder, TimeProvider clock)
{
    public const string Began = "DurableProbeBegan";
    public const string TimerFired = "DurableProbeTimerFired";
    public const string Decided = "DurableProbeDecided";
    public const string Work = "DurableProbeWork";

    [Function(Began)]
    public void RecordBegan([ActivityTrigger] string name) => recorder.Record(Began, name);

    [Function(TimerFired)]
    public Task RecordTimerFiredAsync([ActivityTrigger] TimerDue timer)
    {
        recorder.Record(TimerFired, timer.Name, clock.GetUtcNow() - new DateTimeOffset(timer.DueUtc, TimeSpan.Zero));
        return Task.CompletedTask;
    }

    [Function(Decided)]
    public void RecordDecided([ActivityTrigger] Decision decision) => recorder.Record(Decided, $"{decision.Name}={decision.Verdict}");

    [Function(Work)]
    public async Task<int> WorkAsync([ActivityTrigger] string step, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        recorder.Record(Work, step);
        return 1;
    }
}

/// <summary>Starters as product code writes them: the client comes from [DurableClient] in both hosts.</summary>
public sealed class ProbeStarters
{
    public const string DecisionQueue = "test-durable-decisions";

    [Function("StartDurableProbe")]
    public static async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "test/durable-probes/{name}")] HttpRequest req, string name,
        [DurableClient] DurableTaskClient client)
    {
        var input = await req.ReadFromJsonAsync<ProbeInput>(req.HttpContext.RequestAborted);
        var id = await client.ScheduleNewOrchestrationInstanceAsync(ProbeOrchestration.Name, input! with { Name = name },
            new StartOrchestrationOptions { InstanceId = name }, req.HttpContext.RequestAborted);
        return TypedResults.Accepted($"/test/durable-probes/{id}", new { id });
    }

    /// <summary>A decision arriving as a queue message (the approvals' path): raises the orchestration's event.</summary>
    [Function("RaiseDurableProbeDecision")]
    public static Task RaiseAsync([QueueTrigger(DecisionQueue)] string message, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (name, verdict) = (message.Split('=')[0], message.Split('=')[1]);
        return client.RaiseEventAsync(name, ProbeOrchestration.DecisionEvent, new Decision(name, verdict), cancellationToken);
    }
}
