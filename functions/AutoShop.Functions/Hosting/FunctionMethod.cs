using System.Reflection;
using System.Runtime.ExceptionServices;

namespace AutoShop.Functions.Hosting;

/// <summary>Calls a function's method by reflection, as a host does: its own exception, its awaited result.</summary>
public static class FunctionMethod
{
    /// <summary>Invokes the method and awaits what it returned (Task, Task&lt;T&gt;, a value or nothing); rethrows the function's own exception.</summary>
    /// <remarks>
    /// No ConfigureAwait(false): an orchestrator's continuations must stay on the durable backend's
    /// orchestration scheduler, which is the current scheduler while it runs.
    /// </remarks>
    public static async Task<object?> InvokeAsync(MethodInfo method, object? target, object?[] arguments)
    {
        var returned = Invoke(method, target, arguments);
        if (returned is not Task task) return returned;
        await task;
        return ResultType(method) is { } type ? typeof(Task<>).MakeGenericType(type).GetProperty(nameof(Task<>.Result))!.GetValue(task) : null;
    }

    /// <summary>The T of Task&lt;T&gt;, the return type of a method that returns a value, or null for Task and void.</summary>
    public static Type? ResultType(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(void) || type == typeof(Task)) return null;
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>) ? type.GetGenericArguments()[0] : type;
    }

    private static object? Invoke(MethodInfo method, object? target, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
