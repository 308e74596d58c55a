using System.Diagnostics;
using System.Text.Json;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Operability;

namespace AutoShop.Functions.Hosting;

/// <summary>
/// Runs a queue or timer function by name, whichever host asked: the Functions host through
/// <c>POST /{FunctionName}</c> or the standalone listeners. Handlers never know which one called.
/// </summary>
public sealed partial class FunctionInvoker(FunctionCatalog catalog, IServiceProvider services, ILogger<FunctionInvoker> logger)
{
    public FunctionDefinition? Find(string name) =>
        catalog.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) && f.HandlerType is not null);

    public async Task InvokeQueueAsync(FunctionDefinition function, QueueInvocation invocation, CancellationToken cancellationToken)
    {
        var handler = (IQueueFunction)services.GetRequiredService(function.HandlerType!);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["FunctionName"] = function.Name,
            ["MessageId"] = invocation.MessageId,
            ["DequeueCount"] = invocation.DequeueCount,
            [CorrelationId.LogProperty] = CorrelationOf(invocation.MessageText),
        });
        var watch = Stopwatch.StartNew();
        try
        {
            await handler.HandleAsync(invocation, cancellationToken);
            LogExecuted(logger, function.Name, watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, function.Name, invocation.DequeueCount);
            throw;
        }
    }

    public async Task InvokeTimerAsync(FunctionDefinition function, TimerInvocation invocation, CancellationToken cancellationToken)
    {
        var handler = (ITimerFunction)services.GetRequiredService(function.HandlerType!);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["FunctionName"] = function.Name, ["ScheduledFor"] = invocation.ScheduledFor });
        var watch = Stopwatch.StartNew();
        await handler.RunAsync(invocation, cancellationToken);
        LogExecuted(logger, function.Name, watch.ElapsedMilliseconds);
    }

    /// <summary>CloudEvents carry the correlation id of the request that caused them as an extension attribute.</summary>
    private static string? CorrelationOf(string messageText)
    {
        if (messageText.Length == 0 || messageText[0] != '{') return null;
        try
        {
            using var doc = JsonDocument.Parse(messageText);
            return doc.RootElement.TryGetProperty(CorrelationId.CloudEventAttribute, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // not JSON: the handler decides what that means
        }
    }

    [LoggerMessage(LogLevel.Information, "Executed {FunctionName} in {ElapsedMs} ms")]
    private static partial void LogExecuted(ILogger logger, string functionName, long elapsedMs);

    [LoggerMessage(LogLevel.Warning, "{FunctionName} failed on delivery {DequeueCount}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName, long dequeueCount);
}
