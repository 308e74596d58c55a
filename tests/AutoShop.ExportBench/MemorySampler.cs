namespace AutoShop.ExportBench;

/// <summary>Samples the managed heap and the working set every 20 ms while a phase runs, keeping the peaks.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    private MemorySampler()
    {
        sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            do Sample();
            while (await Wait(timer));
        });
    }

    public long PeakManagedBytes { get; private set; }

    public long PeakWorkingSetBytes { get; private set; }

    /// <summary>Collects garbage first, so one phase's leftovers do not count against the next.</summary>
    public static MemorySampler Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new MemorySampler();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        Sample();
        stop.Dispose();
    }

    private void Sample()
    {
        PeakManagedBytes = Math.Max(PeakManagedBytes, GC.GetTotalMemory(false));
        PeakWorkingSetBytes = Math.Max(PeakWorkingSetBytes, Environment.WorkingSet);
    }

    private async Task<bool> Wait(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
