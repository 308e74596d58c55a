using System.Collections.Concurrent;

namespace AutoShop.LoadTests;

/// <summary>Latency samples from many writers; percentiles by sorting once at the end; completions per 5-second window.</summary>
public sealed class Latencies
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private readonly ConcurrentBag<double> samples = [];
    private readonly ConcurrentDictionary<int, int> windows = new();
    private readonly System.Diagnostics.Stopwatch since = System.Diagnostics.Stopwatch.StartNew();

    public void Add(TimeSpan elapsed)
    {
        samples.Add(elapsed.TotalMilliseconds);
        windows.AddOrUpdate((int)(since.Elapsed / Window), 1, (_, n) => n + 1);
    }

    /// <summary>Completions per second in each 5-second window, to show whether throughput holds as the tables grow.</summary>
    public string PerWindow => string.Join(" ", windows.OrderBy(w => w.Key).Select(w => (w.Value / Window.TotalSeconds).ToString("0")));

    public int Count => samples.Count;

    public double Percentile(double p)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

/// <summary>Runs <paramref name="writers"/> loops until the time is up or the shared request budget is spent.</summary>
public static class ClosedLoop
{
    public static async Task<TimeSpan> RunAsync(int writers, TimeSpan duration, int maxRequests, Func<int, Task> once, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var issued = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            while (started.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests && !ct.IsCancellationRequested)
                await once(w);
        }, ct)));
        return started.Elapsed;
    }
}
