using System.Reflection;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AutoShop.Functions.Hosting.Catalog;

/// <summary>
/// What a function may take besides its trigger: only what the Functions worker and the local host bind
/// the same way. Services come through the function class's constructor.
/// </summary>
internal static class FunctionParameters
{
    /// <summary>The orchestrator's input parameter: the first that is not the trigger (the Durable extension's rule).</summary>
    public static ParameterInfo? OrchestrationInput(MethodInfo method, ParameterInfo trigger) =>
        method.GetParameters().FirstOrDefault(p => p.Position != trigger.Position);

    /// <returns>Why the method cannot be a function of this trigger, or null when it can.</returns>
    public static string? Problem(MethodInfo method, ParameterInfo trigger, FunctionTrigger kind)
    {
        if (TriggerTypeProblem(trigger, kind) is { } wrongTrigger) return wrongTrigger;
        if (DurableClientProblem(method, kind) is { } wrongClient) return wrongClient;
        return kind switch
        {
            OrchestrationFunctionTrigger => OrchestratorProblem(method, trigger),
            ActivityFunctionTrigger => ActivityProblem(method, trigger),
            _ => StarterProblem(method, trigger, kind),
        };
    }

    private static string? TriggerTypeProblem(ParameterInfo trigger, FunctionTrigger kind)
    {
        Type[] expected = kind switch
        {
            HttpFunctionTrigger => [typeof(HttpRequest)],
            QueueFunctionTrigger => [typeof(QueueMessage), typeof(string)],
            TimerFunctionTrigger => [typeof(TimerInfo)],
            OrchestrationFunctionTrigger => [typeof(TaskOrchestrationContext)],
            _ => [],
        };
        return expected.Length == 0 || expected.Contains(trigger.ParameterType) ? null
            : $"binds its trigger to {trigger.ParameterType.Name}; use {string.Join(" or ", expected.Select(t => t.Name))}";
    }

    /// <summary>
    /// <c>[DurableClient] DurableTaskClient</c> is how both hosts hand a starter its client (Azure binds the
    /// attribute; the local host supplies its own client for the type), so the two always come together.
    /// </summary>
    private static string? DurableClientProblem(MethodInfo method, FunctionTrigger kind)
    {
        var clients = method.GetParameters().Where(p => p.ParameterType == typeof(DurableTaskClient) || p.IsDefined(typeof(DurableClientAttribute))).ToList();
        if (clients.Count == 0) return null;
        if (kind is OrchestrationFunctionTrigger or ActivityFunctionTrigger)
            return "takes a durable client: only HTTP, queue and timer functions start or signal orchestrations";
        if (clients.Count > 1) return "takes more than one durable client";
        var client = clients[0];
        if (client.ParameterType != typeof(DurableTaskClient)) return $"binds [DurableClient] to {client.ParameterType.Name}; use DurableTaskClient";
        return client.IsDefined(typeof(DurableClientAttribute)) ? null : $"takes '{client.Name}' (DurableTaskClient) without [DurableClient], which the Functions worker would not bind";
    }

    private static string? StarterProblem(MethodInfo method, ParameterInfo trigger, FunctionTrigger kind)
    {
        var routeValues = kind is HttpFunctionTrigger http ? FunctionCatalog.RouteParameterNames(http.Route) : new HashSet<string>();
        foreach (var p in method.GetParameters())
        {
            if (p.Position == trigger.Position || p.ParameterType == typeof(DurableTaskClient)) continue;
            if (p.ParameterType == typeof(CancellationToken) && kind is HttpFunctionTrigger)
                // The worker would pass the invocation's token, which the request budget cannot cancel.
                return "takes a CancellationToken: an HTTP function uses req.HttpContext.RequestAborted, which its request budget cancels";
            if (p.ParameterType == typeof(CancellationToken)) continue;
            if (p.ParameterType == typeof(string) && routeValues.Contains(p.Name!)) continue;
            return $"takes '{p.Name}' ({p.ParameterType.Name}): functions take their trigger, route values as strings, a [DurableClient] DurableTaskClient and (queue and timer functions) a CancellationToken; services come through the constructor";
        }
        return !typeof(Task).IsAssignableFrom(method.ReturnType) && method.ReturnType != typeof(void) && kind is not HttpFunctionTrigger
            ? "must return Task or void" : null;
    }

    /// <summary>
    /// The context and at most one input. No CancellationToken or FunctionContext: an orchestrator is replayed,
    /// and nothing it is handed may differ between replays.
    /// </summary>
    private static string? OrchestratorProblem(MethodInfo method, ParameterInfo trigger)
    {
        var others = method.GetParameters().Where(p => p.Position != trigger.Position).ToList();
        if (others.Count > 1) return "takes more than its context and one input; put what it needs in the input record";
        if (others is [{ } input] && (input.ParameterType == typeof(CancellationToken) || input.ParameterType == typeof(FunctionContext)))
            return $"takes a {input.ParameterType.Name}: an orchestrator is replayed and takes only its context and its input";
        return method.ReturnType == typeof(Task) || IsGeneric(method.ReturnType, typeof(Task<>)) ? null : "must return Task or Task<T>";
    }

    /// <summary>The input and a CancellationToken (the local host's stopping token; the worker's invocation token).</summary>
    private static string? ActivityProblem(MethodInfo method, ParameterInfo trigger)
    {
        var other = method.GetParameters().FirstOrDefault(p => p.Position != trigger.Position && p.ParameterType != typeof(CancellationToken));
        if (other is not null)
            return $"takes '{other.Name}' ({other.ParameterType.Name}): an activity takes its input and a CancellationToken; services come through the constructor";
        return method.ReturnType == typeof(ValueTask) || IsGeneric(method.ReturnType, typeof(ValueTask<>))
            ? "returns a ValueTask; return Task, Task<T>, a value or void" : null;
    }

    private static bool IsGeneric(Type type, Type definition) => type.IsGenericType && type.GetGenericTypeDefinition() == definition;
}
