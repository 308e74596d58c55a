using AutoShop.Functions.Hosting;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Durable;

/// <summary>The local host with the probe functions, on a test's storage account; several may share one hub.</summary>
internal static class DurableApps
{
    public static async Task<AutoShopApp> StartAsync(string storage, DurableRecorder recorder, bool runWorker = true)
    {
        var app = new AutoShopApp(storage)
        {
            Durable = runWorker,
            ConfigureTestServices = s =>
            {
                s.AddSingleton(recorder);
                s.AddFunctionsOf<ProbeOrchestration>();
                s.AddFunctionsOf<FanOutProbeOrchestration>();
                s.AddFunctionsOf<ProbeActivities>();
                s.AddFunctionsOf<ProbeStarters>();
            },
        };
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
        return app;
    }

    public static DurableTaskClient Client(this AutoShopApp app) => app.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Waits for the instance to finish, within a deadline generous enough for a loaded machine.</summary>
    public static async Task<OrchestrationMetadata> CompletionAsync(this DurableTaskClient client, string instanceId, TimeSpan? deadline = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(deadline ?? TimeSpan.FromSeconds(90));
        try
        {
            return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            var state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, TestContext.Current.CancellationToken);
            throw new TimeoutException($"{instanceId} did not finish in time; it is {state?.RuntimeStatus.ToString() ?? "unknown"}");
        }
    }
}
