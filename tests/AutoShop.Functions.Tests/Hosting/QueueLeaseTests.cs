using System.Collections.Concurrent;
using AutoShop.Functions.Hosting;
using AutoShop.LocalHost.Queues;
using Microsoft.Azure.Functions.Worker;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AutoShop.Functions.Tests.Hosting;

/// <summary>
/// A message stays hidden while its handler runs, however long that takes, as under the Functions host.
/// The lease here is one second (renewed every half second of real time), so a handler held for several
/// leases would see its message delivered again if nothing renewed it.
/// </summary>
public sealed class QueueLeaseTests : IAsyncLifetime
{
    private const string Queue = "test-long-work";
    private readonly string storage = TestStorage.NewAccount();
    private readonly LongWork work = new();
    private readonly ConcurrentQueue<string> logs = new();
    private AutoShopApp app = null!;
    private StorageProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        probe = new StorageProbe(storage);
        app = new AutoShopApp(storage)
        {
            ConfigureTestServices = s =>
            {
                s.Replace(ServiceDescriptor.Singleton(new QueueLeaseSettings(TimeSpan.FromSeconds(1))));
                s.AddSingleton(work);
                s.AddFunctionsOf<LongWorkFunction>();
                s.AddSingleton<ILoggerProvider>(new Reporting.CapturingLoggerProvider(logs));
            },
        };
        app.Settings["Logging:LogLevel:AutoShop.LocalHost.Queues"] = "Debug";
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
    }

    public async ValueTask DisposeAsync()
    {
        work.Release.TrySetResult();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_message_whose_handler_outlives_several_leases_is_delivered_once_and_deleted_when_it_ends()
    {
        var ct = TestContext.Current.CancellationToken;
        await probe.Queue(Queue).SendMessageAsync("long-1", ct);
        await Eventually.Until(() => work.Deliveries.ContainsKey("long-1"), because: "the handler starts");

        // Four renewals: the handler has held its message for at least two whole leases.
        await Eventually.Until(() => logs.Count(l => l.Contains("renewed while its handler runs", StringComparison.Ordinal)) >= 4,
            because: "the lease is renewed while the handler runs");
        Assert.Equal(1, work.Deliveries["long-1"]);
        work.Release.TrySetResult();

        Assert.Equal(0, await Eventually.Until(() => probe.CountAsync(Queue), n => n == 0, because: "the message is deleted with the latest receipt"));
        Assert.Equal(1, work.Deliveries["long-1"]);
        Assert.DoesNotContain(logs, l => l.Contains("Could not renew", StringComparison.Ordinal) || l.Contains("taken by another consumer", StringComparison.Ordinal));
    }

    public sealed class LongWork
    {
        public ConcurrentDictionary<string, int> Deliveries { get; } = new();

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public sealed class LongWorkFunction(LongWork work)
    {
        [Function("LongWork")]
        public async Task RunAsync([QueueTrigger(Queue)] string message, CancellationToken cancellationToken)
        {
            work.Deliveries.AddOrUpdate(message, 1, (_, n) => n + 1);
            await work.Release.Task.WaitAsync(cancellationToken);
        }
    }
}
