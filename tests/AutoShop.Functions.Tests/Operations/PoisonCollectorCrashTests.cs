using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using AutoShop.Functions.Operations;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutoShop.Functions.Tests.Operations;

/// <summary>
/// The collector indexes a poison message before deleting it from its queue. A run that dies between
/// the two leaves the message in the queue (hidden for the collector's hold, one second here); the next
/// run finds it indexed and only deletes it: nothing lost, nothing listed twice.
/// </summary>
public sealed class PoisonCollectorCrashTests : IAsyncLifetime
{
    private const string Queue = "audit-events";
    private readonly string storage = TestStorage.NewAccount();
    private readonly ThrowsUnexpectedly crash = new(
        r => r.Method == RequestMethod.Delete && r.Uri.Path.Contains("/" + Queue + "-poison/messages/", StringComparison.Ordinal), times: 1);
    private AutoShopApp app = null!;
    private StorageProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        probe = new StorageProbe(storage);
        app = new AutoShopApp(storage)
        {
            TriggersOff = true,
            ConfigureTestServices = s =>
            {
                s.AddSingleton<HttpPipelinePolicy>(crash);
                s.Replace(ServiceDescriptor.Singleton(new PoisonCollectionSettings(TimeSpan.FromSeconds(1))));
            },
        };
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    /// <summary>One run of the collector, as the Functions host would start it: true when it completed, false when it failed.</summary>
    private async Task<bool> CollectAsync()
    {
        try
        {
            await app.InvokeTimerFunctionAsync(CollectPoisonMessages.Name, TestContext.Current.CancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_run_that_dies_between_indexing_and_deleting_loses_nothing_and_lists_nothing_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var bodies = new[] { "first <raw>", "second <raw>", "third <raw>" };
        foreach (var body in bodies) await probe.RawQueue(Queue + "-poison").SendMessageAsync(body, ct);

        Assert.False(await CollectAsync());
        Assert.Equal(1, crash.Thrown);

        // The batch reappears after the one-second hold; runs go on until the queue is empty (bounded).
        await Eventually.Until(async () => await CollectAsync() && await probe.CountAsync(Queue + "-poison") == 0, done => done,
            because: "a later run collects what the crashed one left");
        using var staff = app.CreateStaffClient();
        var listed = (await staff.GetFromJsonAsync<PoisonMessagesPageDto>("/api/ops/poison-messages?queue=" + Queue, ct))!.Messages;
        Assert.Equal(bodies.Order(), listed.Select(m => m.Body).Order());
    }
}
