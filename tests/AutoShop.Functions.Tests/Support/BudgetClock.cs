namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// The request budget's clock for tests that measure it in real time (register as the keyed
/// <c>RequestBudgetMiddleware.Clock</c>): stopped while the test arranges, so no request runs out of time on a
/// loaded machine before the outage under test begins; real time from <see cref="Start"/> on.
/// </summary>
public sealed class BudgetClock : TimeProvider
{
    private volatile bool running;

    public void Start() => running = true;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow();

    public override long GetTimestamp() => System.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        running ? System.CreateTimer(callback, state, dueTime, period) : new NeverFires();

    private sealed class NeverFires : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
