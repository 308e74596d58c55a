using System.Collections.Concurrent;

namespace AutoShop.Functions.Storage;

/// <summary>
/// Writers of one hot row in this instance take turns instead of racing for it. Rows that many
/// consumers change at once (a part's stock, its open procurement request) are written with optimistic
/// concurrency and a bounded number of attempts; a burst of a few thousand job cards, sixteen or more
/// at a time, used up every attempt of some writers and poisoned their events. With turns, attempts are
/// only lost to other instances. Correctness never rests on this (the stores' guard rows keep it); a turn
/// only decides who goes first here. One semaphore per key is kept for the life of the process: keys are
/// rows of shop data (shop × part), not per-request values.
/// </summary>
public sealed class RowTurns
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);

    /// <summary>Waits for the row's turn; dispose the result to pass it on.</summary>
    public async Task<IDisposable> TakeAsync(string key, CancellationToken ct)
    {
        var turn = _turns.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct);
        return new Turn(turn);
    }

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) turn.Release();
        }
    }
}
