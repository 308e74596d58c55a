using AutoShop.Functions.Hosting;
using AutoShop.Functions.Hosting.Catalog;
using Microsoft.DurableTask;
using DataConverter = Microsoft.DurableTask.DataConverter;

namespace AutoShop.LocalHost.Durable;

/// <summary>
/// Runs an orchestrator function (<c>[OrchestrationTrigger] TaskOrchestrationContext</c>) as the Durable Task
/// SDK's <see cref="ITaskOrchestrator"/>, which <c>DurableTaskShimFactory</c> turns into a DTFx orchestration.
/// A new instance of the function's class per episode, from the root services: an orchestrator is replayed,
/// so it takes no scoped services and does no I/O.
/// </summary>
public sealed class FunctionOrchestrator(FunctionDefinition function, IServiceProvider services, DataConverter converter) : ITaskOrchestrator
{
    private readonly OrchestrationFunctionTrigger trigger = (OrchestrationFunctionTrigger)function.Trigger;

    /// <summary>The input parameter's type; object when the function reads <c>context.GetInput&lt;T&gt;()</c> instead.</summary>
    public Type InputType => trigger.InputType ?? typeof(object);

    public Type OutputType => FunctionMethod.ResultType(function.Method) ?? typeof(object);

    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var wrapped = new FunctionOrchestrationContext(context, input, converter, services.GetRequiredService<ILoggerFactory>());
        var method = function.Method;
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        // The catalog allows the context and one input, in either order.
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(TaskOrchestrationContext) ? wrapped : input).ToArray();
        return FunctionMethod.InvokeAsync(method, target, arguments);
    }
}
