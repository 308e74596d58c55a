using System.Text.Json;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Operability;

namespace AutoShop.Functions.Hosting.CustomHandler;

/// <summary>
/// <c>POST /{FunctionName}</c> for every queue and timer function, as the Functions host calls a
/// custom handler. Mapped only in custom-handler mode: the port is loopback and only the host
/// calls it, while in standalone mode the same handlers run from the app's own listeners.
/// </summary>
public static partial class InvocationEndpoints
{
    public static void MapFunctionInvocations(this IEndpointRouteBuilder app, IEnumerable<FunctionDefinition> functions)
    {
        foreach (var function in functions.Where(f => f.Trigger is QueueFunctionTrigger or TimerFunctionTrigger))
        {
            app.MapPost("/" + function.Name, (HttpRequest request, FunctionInvoker invoker, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
                    InvokeAsync(function, request, invoker, clock, logs.CreateLogger(typeof(InvocationEndpoints)), ct))
                .ExcludeFromDescription()
                .WithoutRequestBudget() // background work the host bounds with its own function timeout
                .WithName("invoke-" + function.Name);
        }
    }

    private static async Task<IResult> InvokeAsync(FunctionDefinition function, HttpRequest request, FunctionInvoker invoker,
        TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        InvocationPayload payload;
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (!InvocationPayload.TryParse(doc.RootElement.Clone(), out payload, out var error))
                return Answer(StatusCodes.Status400BadRequest, error);
        }
        catch (JsonException ex)
        {
            return Answer(StatusCodes.Status400BadRequest, "The invocation body is not JSON: " + ex.Message);
        }

        try
        {
            switch (function.Trigger)
            {
                case QueueFunctionTrigger queue:
                    var text = payload.DataText(function.TriggerBindingName);
                    if (text is null) return Answer(StatusCodes.Status400BadRequest, $"Data.{function.TriggerBindingName} is missing.");
                    await invoker.InvokeQueueAsync(function, new QueueInvocation(function.Name, queue.QueueName, text,
                        payload.MetadataText("Id") ?? "", payload.MetadataInt64("DequeueCount", 1), payload.MetadataTime("InsertionTime")), ct);
                    break;
                case TimerFunctionTrigger:
                    var pastDue = payload.DataFlag(function.TriggerBindingName, "IsPastDue");
                    await invoker.InvokeTimerAsync(function, new TimerInvocation(function.Name, clock.GetUtcNow(), pastDue), ct);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogInvocationFailed(logger, ex, function.Name);
            // A non-2xx answer fails the invocation: the host retries the message, then poisons it.
            return Answer(StatusCodes.Status500InternalServerError, $"{function.Name} failed: {ex.GetType().Name}");
        }
        return Answer(StatusCodes.Status200OK, $"{function.Name} completed");
    }

    private static IResult Answer(int status, string log) =>
        TypedResults.Json(new InvocationResponse(new Dictionary<string, object?>(), [log], null), statusCode: status);

    [LoggerMessage(LogLevel.Error, "Invocation of {FunctionName} failed")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, string functionName);
}

/// <summary>The custom-handler response shape the Functions host reads.</summary>
public sealed record InvocationResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("Outputs")] IDictionary<string, object?> Outputs,
    [property: System.Text.Json.Serialization.JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: System.Text.Json.Serialization.JsonPropertyName("ReturnValue")] object? ReturnValue);
