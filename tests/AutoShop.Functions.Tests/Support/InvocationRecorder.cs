using System.Collections.Concurrent;

namespace AutoShop.Functions.Tests.Support;

/// <summary>Counts what test functions saw, across every app instance of a test.</summary>
public sealed class InvocationRecorder
{
    public ConcurrentDictionary<string, int> Messages { get; } = new();
    public ConcurrentDictionary<DateTimeOffset, int> Occurrences { get; } = new();

    /// <summary>Records a message; one whose text starts with "fail" fails instead.</summary>
    public Task RecordAsync(string messageText)
    {
        if (messageText.StartsWith("fail", StringComparison.Ordinal))
            throw new InvalidOperationException("told to fail");
        Messages.AddOrUpdate(messageText, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task RecordTickAsync(DateTimeOffset occurrence)
    {
        Occurrences.AddOrUpdate(occurrence, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
