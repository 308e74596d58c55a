namespace AutoShop.Functions.Hosting.Catalog;

/// <summary>A queue message as the Functions host delivers it: already base64-decoded text.</summary>
public sealed record QueueInvocation(
    string FunctionName,
    string QueueName,
    string MessageText,
    string MessageId,
    long DequeueCount,
    DateTimeOffset? InsertedOn);

/// <summary>A timer occurrence.</summary>
public sealed record TimerInvocation(string FunctionName, DateTimeOffset ScheduledFor, bool IsPastDue);
