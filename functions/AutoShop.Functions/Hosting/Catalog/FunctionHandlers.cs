namespace AutoShop.Functions.Hosting.Catalog;

/// <summary>A queue message as either host delivers it: already base64-decoded text.</summary>
public sealed record QueueInvocation(
    string FunctionName,
    string QueueName,
    string MessageText,
    string MessageId,
    long DequeueCount,
    DateTimeOffset? InsertedOn);

/// <summary>A timer occurrence.</summary>
public sealed record TimerInvocation(string FunctionName, DateTimeOffset ScheduledFor, bool IsPastDue);

/// <summary>
/// Handles one queue message. Delivery is at least once: implementations must be idempotent.
/// Throwing fails the invocation, so the message is retried and finally moved to the poison queue.
/// </summary>
public interface IQueueFunction
{
    Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>Runs one timer occurrence. Failures are logged and not retried (as in Azure Functions).</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken);
}
