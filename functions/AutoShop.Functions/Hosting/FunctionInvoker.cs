using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Operability;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using FunctionDefinition = AutoShop.Functions.Hosting.Catalog.FunctionDefinition;

namespace AutoShop.Functions.Hosting;

/// <summary>
/// Runs a queue or timer function's method as the Functions worker would: a new instance of its class
/// from a fresh DI scope, the trigger bound to its parameter. The local host's listeners and the
/// in-process event fan-out call it; handlers never know who called.
/// </summary>
public sealed partial class FunctionInvoker(IServiceScopeFactory scopes, ILogger<FunctionInvoker> logger)
{
    public async Task InvokeQueueAsync(FunctionDefinition function, QueueInvocation invocation, CancellationToken cancellationToken)
    {
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
            await InvokeAsync(function, p => p.ParameterType == typeof(QueueMessage)
                ? QueuesModelFactory.QueueMessage(invocation.MessageId, "", BinaryData.FromString(invocation.MessageText), invocation.DequeueCount, insertedOn: invocation.InsertedOn)
                : invocation.MessageText, cancellationToken);
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
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["FunctionName"] = function.Name, ["ScheduledFor"] = invocation.ScheduledFor });
        var watch = Stopwatch.StartNew();
        // As the Functions timer trigger reports it while an occurrence runs: Last is this occurrence, Next the one after.
        var next = ((TimerFunctionTrigger)function.Trigger).Cron().GetNextOccurrence(invocation.ScheduledFor.UtcDateTime, TimeZoneInfo.Utc);
        await InvokeAsync(function, _ => new TimerInfo
        {
            IsPastDue = invocation.IsPastDue,
            ScheduleStatus = new ScheduleStatus { Last = invocation.ScheduledFor.UtcDateTime, Next = next ?? DateTime.MaxValue, LastUpdated = invocation.ScheduledFor.UtcDateTime },
        }, cancellationToken);
        LogExecuted(logger, function.Name, watch.ElapsedMilliseconds);
    }

    private async Task InvokeAsync(FunctionDefinition function, Func<ParameterInfo, object> trigger, CancellationToken cancellationToken)
    {
        var method = function.Method;
        await using var scope = scopes.CreateAsyncScope();
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var arguments = method.GetParameters()
            .Select(p => p.ParameterType == typeof(CancellationToken) ? cancellationToken
                : p.ParameterType == typeof(DurableTaskClient) ? DurableClient(scope.ServiceProvider, function)
                : trigger(p))
            .ToArray();
        await FunctionMethod.InvokeAsync(method, target, arguments);
    }

    /// <summary>
    /// The local host registers its durable backend's client; under the Functions host only the host's own
    /// binding has one, so a [DurableClient] function run in process there (the event fan-out) fails over
    /// to its queue, where the host binds it.
    /// </summary>
    private static DurableTaskClient DurableClient(IServiceProvider services, FunctionDefinition function) =>
        services.GetService<DurableTaskClient>() ?? throw new InvalidOperationException(
            $"{function.Name} takes a [DurableClient] DurableTaskClient, which this host supplies only through the Functions host's binding.");

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
