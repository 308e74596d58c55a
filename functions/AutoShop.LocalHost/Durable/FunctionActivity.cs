using AutoShop.Functions.Hosting;
using AutoShop.Functions.Hosting.Catalog;
using Microsoft.DurableTask;

namespace AutoShop.LocalHost.Durable;

/// <summary>
/// Runs an activity function (<c>[ActivityTrigger] T input</c>) as the Durable Task SDK's
/// <see cref="ITaskActivity"/>: the shim reads the input as <see cref="InputType"/>; the function's class
/// comes from a new DI scope per invocation, as the Functions worker creates it.
/// </summary>
public sealed class FunctionActivity(FunctionDefinition function, IServiceScopeFactory scopes, CancellationToken stopping) : ITaskActivity
{
    public Type InputType => ((ActivityFunctionTrigger)function.Trigger).InputType;

    public Type OutputType => FunctionMethod.ResultType(function.Method) ?? typeof(object);

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        var method = function.Method;
        await using var scope = scopes.CreateAsyncScope();
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        // The catalog allows the input and a CancellationToken: the host's stopping token here, as the worker passes its invocation's.
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(CancellationToken) ? stopping : input).ToArray();
        return await FunctionMethod.InvokeAsync(method, target, arguments);
    }
}
