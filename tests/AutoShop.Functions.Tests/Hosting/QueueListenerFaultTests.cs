using Azure.Core;
using Azure.Core.Pipeline;
using AutoShop.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using AutoShop.LocalHost.Queues;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoShop.Functions.Tests.Hosting;

/// <summary>A listener loop never ends while the app runs: an exception no code expected is logged, and the loop backs off and goes on.</summary>
public sealed class QueueListenerFaultTests : IAsyncLifetime
{
    private const string Queue = "test-faulty";
    private readonly string storage = TestStorage.NewAccount();
    private readonly InvocationRecorder recorder = new();
    private readonly LogCapture logs = new();
    private readonly ThrowsUnexpectedly fault = new(IsReceiveFrom(Queue), times: 3);
    private AutoShopApp app = null!;
    private StorageProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        probe = new StorageProbe(storage);
        app = new AutoShopApp(storage)
        {
            ConfigureTestServices = s =>
            {
                s.AddSingleton<HttpPipelinePolicy>(fault);
                s.AddSingleton<ILoggerProvider>(logs);
                s.AddSingleton(recorder);
                s.AddFunctionsOf<RecordFaulty>();
            },
        };
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static Func<Request, bool> IsReceiveFrom(string queue) => request =>
        request.Method == RequestMethod.Get
        && request.Uri.Path.EndsWith("/" + queue + "/messages", StringComparison.Ordinal)
        && request.Uri.Query.Contains("numofmessages", StringComparison.Ordinal);

    [Fact]
    public async Task An_unexpected_exception_in_the_listener_loop_is_logged_and_the_next_message_is_handled()
    {
        await Eventually.Until(() => fault.Thrown >= 3, because: "the listener met the fault three times");
        await probe.Queue(Queue).SendMessageAsync("after-the-fault", TestContext.Current.CancellationToken);

        await Eventually.Until(() => recorder.Messages.ContainsKey("after-the-fault"), because: "the loop went on after the fault");

        var logged = logs.Entries.Where(e => e.Category == typeof(QueueListener).FullName && e.Level == LogLevel.Error && e.Value("QueueName") == Queue).ToList();
        Assert.Equal(3, logged.Count(e => e.Exception is InvalidOperationException));
    }

    public sealed class RecordFaulty(InvocationRecorder recorder)
    {
        [Function("RecordFaulty")]
        public Task RunAsync([QueueTrigger(Queue)] string message) => recorder.RecordAsync(message);
    }
}
