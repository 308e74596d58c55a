using System.Reflection;
using Cronos;

namespace AutoShop.Functions.Hosting.Catalog;

/// <summary>How the Functions host (or the local host) starts a function, as its trigger attribute says.</summary>
public abstract record FunctionTrigger;

/// <summary>An HTTP function at <c>/{Route}</c> (host.json's route prefix is empty: every route says where it lives).</summary>
public sealed record HttpFunctionTrigger(string Route, IReadOnlyList<string> Methods) : FunctionTrigger;

/// <summary>A queue function: one message of <see cref="QueueName"/> per invocation.</summary>
public sealed record QueueFunctionTrigger(string QueueName, string Connection) : FunctionTrigger;

/// <summary>A timer function on a six-field NCRONTAB schedule, evaluated in UTC.</summary>
public sealed record TimerFunctionTrigger(string Schedule) : FunctionTrigger
{
    /// <summary>Parses the schedule (seconds first), as the Functions timer trigger does.</summary>
    public CronExpression Cron()
    {
        var fields = Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
            throw new ArgumentException($"Timer schedule '{Schedule}' must have six NCRONTAB fields (second minute hour day month weekday).");
        return CronExpression.Parse(Schedule, CronFormat.IncludeSeconds);
    }
}

/// <summary>
/// An orchestrator function (<c>[OrchestrationTrigger] TaskOrchestrationContext</c>): run by the durable
/// backend, replayed from its history, so its code must be deterministic. <see cref="InputType"/> is the
/// type of its optional input parameter (the Durable extension binds the orchestration's input to the
/// first parameter that is not the trigger); without one the function reads <c>context.GetInput&lt;T&gt;()</c>.
/// </summary>
public sealed record OrchestrationFunctionTrigger(Type? InputType) : FunctionTrigger;

/// <summary>An activity function (<c>[ActivityTrigger] T input</c>), called by orchestrators by its function name.</summary>
public sealed record ActivityFunctionTrigger(Type InputType) : FunctionTrigger;

/// <summary>One <c>[Function]</c> method: its name, its trigger and the method that runs it.</summary>
public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger, MethodInfo Method);
