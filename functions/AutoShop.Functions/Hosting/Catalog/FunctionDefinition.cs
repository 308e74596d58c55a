namespace AutoShop.Functions.Hosting.Catalog;

/// <summary>How the Functions host (or the standalone runner) starts a function.</summary>
public abstract record FunctionTrigger;

/// <summary>An HTTP function: the host forwards the original request to <c>/api/{Route}</c>.</summary>
public sealed record HttpFunctionTrigger(string Route, IReadOnlyList<string> Methods, string AuthLevel = "anonymous") : FunctionTrigger;

/// <summary>A queue function: one message of <see cref="QueueName"/> per invocation.</summary>
public sealed record QueueFunctionTrigger(string QueueName) : FunctionTrigger;

/// <summary>A timer function on a six-field NCRONTAB schedule, evaluated in UTC.</summary>
public sealed record TimerFunctionTrigger(string Schedule) : FunctionTrigger;

/// <summary>One entry of the function catalog: the single source of truth for what the app runs.</summary>
public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger, Type? HandlerType)
{
    /// <summary>The binding name the trigger's payload arrives under in <c>Data</c>.</summary>
    public string TriggerBindingName => Trigger switch
    {
        HttpFunctionTrigger => "req",
        QueueFunctionTrigger => "message",
        TimerFunctionTrigger => "timer",
        _ => throw new InvalidOperationException($"Unknown trigger {Trigger.GetType().Name}"),
    };
}
