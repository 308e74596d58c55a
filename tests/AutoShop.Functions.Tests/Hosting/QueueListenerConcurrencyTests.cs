using System.Collections.Concurrent;
using AutoShop.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Hosting;

/// <summary>
/// How many messages of one queue function run at once in the local host: as under the Functions host,
/// the next batch comes once no more than newBatchThreshold are running (host.json: batchSize 16,
/// newBatchThreshold 8), so one slow message never holds back the rest.
/// </summary>
public sealed class QueueListenerConcurrencyTests : IAsyncLifetime
{
    private const string Queue = "test-held-work";
    private readonly string storage = TestStorage.NewAccount();
    private readonly HeldWork work = new();
    private readonly StorageProbe probe;
    private readonly AutoShopApp app;

    public QueueListenerConcurrencyTests()
    {
        probe = new StorageProbe(storage);
        app = new AutoShopApp(storage)
        {
            ConfigureTestServices = s =>
            {
                s.AddSingleton(work);
                s.AddFunctionsOf<HeldWorkFunction>();
            },
        };
    }

    public async ValueTask InitializeAsync() => await probe.Queue(Queue).CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Starts the app (and so its listener), which no test does before it has what it needs on the queue.</summary>
    private async Task StartAppAsync() => await app.Services.GetRequiredService<StorageProvisioner>().Ready;

    public async ValueTask DisposeAsync()
    {
        work.ReleaseAll();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_slow_message_does_not_hold_back_the_messages_received_after_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await StartAppAsync();
        await probe.Queue(Queue).SendMessageAsync("hold-slow", ct);
        await Eventually.Until(() => work.Running.ContainsKey("hold-slow"), because: "the slow message is running");
        var quick = Enumerable.Range(0, 40).Select(i => $"quick-{i}").ToList();
        await Task.WhenAll(quick.Select(b => probe.Queue(Queue).SendMessageAsync(b, ct)));

        await Eventually.Until(() => quick.All(work.Done.ContainsKey), because: "the quick messages are handled while the slow one runs");

        Assert.True(work.Running.ContainsKey("hold-slow"));
        Assert.False(work.Done.ContainsKey("hold-slow"));
    }

    [Fact]
    public async Task The_next_batch_comes_once_no_more_than_new_batch_threshold_run_so_at_most_24_run_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var held = Enumerable.Range(0, 40).Select(i => $"hold-{i}").ToList();
        await Task.WhenAll(held.Select(b => probe.Queue(Queue).SendMessageAsync(b, ct)));
        // All forty wait before the listener's first receive, so that receive takes a full batch (a receive
        // racing the sends could take a few, and the next batch would follow at once).
        await StartAppAsync();
        await Eventually.Until(() => work.Running.Count == 16, because: "the first batch runs");

        foreach (var text in work.Running.Keys.Take(8)) work.Release(text);

        await Eventually.Until(() => work.Running.Count == 24, because: "8 left running: the next batch of 16 joins them");
        work.ReleaseAll();
        await Eventually.Until(() => held.All(work.Done.ContainsKey), because: "every message is handled once released");
        Assert.Equal(24, work.MostAtOnce);
    }

    /// <summary>Messages whose text starts with "hold" run until the test releases them.</summary>
    public sealed class HeldWork
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new();
        private volatile bool releasedAll;
        private int mostAtOnce;

        public ConcurrentDictionary<string, bool> Running { get; } = new();

        public ConcurrentDictionary<string, bool> Done { get; } = new();

        public int MostAtOnce => Volatile.Read(ref mostAtOnce);

        public void Release(string text) => Gate(text).TrySetResult();

        public void ReleaseAll()
        {
            releasedAll = true;
            foreach (var gate in gates.Values) gate.TrySetResult();
        }

        public async Task RunAsync(string text, CancellationToken ct)
        {
            Running[text] = true;
            var now = Running.Count;
            int seen;
            while (now > (seen = Volatile.Read(ref mostAtOnce)) && Interlocked.CompareExchange(ref mostAtOnce, now, seen) != seen) { }
            try
            {
                if (text.StartsWith("hold", StringComparison.Ordinal))
                {
                    var gate = Gate(text);
                    if (releasedAll) gate.TrySetResult(); // released while this one was starting
                    await gate.Task.WaitAsync(ct);
                }
                Done[text] = true;
            }
            finally
            {
                Running.TryRemove(text, out _);
            }
        }

        private TaskCompletionSource Gate(string text) =>
            gates.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    public sealed class HeldWorkFunction(HeldWork work)
    {
        [Function("HeldWork")]
        public Task RunAsync([QueueTrigger(Queue)] string message, CancellationToken cancellationToken) =>
            work.RunAsync(message, cancellationToken);
    }
}
