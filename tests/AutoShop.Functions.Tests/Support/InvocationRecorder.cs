using System.Collections.Concurrent;
using AutoShop.Functions.Hosting.Catalog;

namespace AutoShop.Functions.Tests.Support;

/// <summary>Counts what test-registered functions saw, across every app instance of a test.</summary>
public sealed class InvocationRecorder
{
    public ConcurrentDictionary<string, int> Messages { get; } = new();
    public ConcurrentDictionary<DateTimeOffset, int> Occurrences { get; } = new();
    public ConcurrentBag<string> Instances { get; } = [];
}

public sealed class RecordingQueueFunction(InvocationRecorder recorder) : IQueueFunction
{
    public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.MessageText.StartsWith("fail", StringComparison.Ordinal))
            throw new InvalidOperationException("told to fail");
        recorder.Messages.AddOrUpdate(invocation.MessageText, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

public sealed class RecordingTimerFunction(InvocationRecorder recorder) : ITimerFunction
{
    public Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken)
    {
        recorder.Occurrences.AddOrUpdate(invocation.ScheduledFor, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
