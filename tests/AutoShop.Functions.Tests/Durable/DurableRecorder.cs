using System.Collections.Concurrent;

namespace AutoShop.Functions.Tests.Durable;

/// <summary>What the probe activities did, shared by every host of a test (a restart keeps the count).</summary>
public sealed class DurableRecorder
{
    private readonly ConcurrentDictionary<string, int> runs = new();

    /// <summary>How late each timer's activity ran after the timer's due time (negative: early).</summary>
    public ConcurrentDictionary<string, TimeSpan> TimerLateness { get; } = new();

    public void Record(string activity, string subject, TimeSpan? lateness = null)
    {
        runs.AddOrUpdate($"{activity}:{subject}", 1, (_, n) => n + 1);
        if (lateness is { } late) TimerLateness[subject] = late;
    }

    public int Runs(string activity, string subject) => runs.GetValueOrDefault($"{activity}:{subject}");

    public IReadOnlyDictionary<string, int> All => runs;
}
