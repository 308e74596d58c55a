namespace AutoShop.Functions.Operability;

/// <summary>
/// The time a request may work before it starts its answer (<see cref="Token"/> is cancelled when it runs out).
/// It stops while the request waits for its client (<see cref="Pause"/>/<see cref="Resume"/> around body reads):
/// a customer uploading photos over a slow line is not an outage. Once the answer starts it is
/// <see cref="Lift"/>ed: a download that streams page after page may take as long as it takes.
/// Exposed as a request feature.
/// </summary>
public sealed class RequestBudget : IDisposable
{
    private readonly CancellationTokenSource timer;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private TimeSpan left;
    private long runningSince;
    private State state = State.Running;
    private bool disposed;

    public RequestBudget(TimeSpan budget, TimeProvider clock)
    {
        this.clock = clock;
        left = budget;
        runningSince = clock.GetTimestamp();
        timer = new CancellationTokenSource(budget, clock);
    }

    private enum State { Running, Paused, Lifted }

    public CancellationToken Token => timer.Token;

    public bool IsExhausted => timer.IsCancellationRequested;

    public bool IsPaused
    {
        get { lock (gate) return state == State.Paused; }
    }

    public void Pause()
    {
        lock (gate)
        {
            if (disposed || state != State.Running || timer.IsCancellationRequested) return;
            left -= clock.GetElapsedTime(runningSince);
            state = State.Paused;
            timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Resume()
    {
        var spent = false;
        lock (gate)
        {
            if (disposed || state != State.Paused) return;
            state = State.Running;
            runningSince = clock.GetTimestamp();
            if (left > TimeSpan.Zero) timer.CancelAfter(left);
            else spent = true;
        }
        // Outside the lock: cancelling runs the token's callbacks synchronously.
        if (spent) timer.Cancel(); // not disposed meanwhile: only the request's own thread reads and disposes
    }

    /// <summary>Safe after <see cref="Dispose"/>: an answer written by the exception handler starts after the middleware is done.</summary>
    public void Lift()
    {
        lock (gate)
        {
            state = State.Lifted;
            if (!disposed && !timer.IsCancellationRequested) timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
        }
        timer.Dispose();
    }
}

/// <summary>The request body, read with the budget paused: time spent waiting for the client's bytes is not the app's.</summary>
internal sealed class BudgetPausingStream(Stream inner, RequestBudget budget) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        budget.Pause();
        try
        {
            return inner.Read(buffer);
        }
        finally
        {
            budget.Resume();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        budget.Pause();
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        finally
        {
            budget.Resume();
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
