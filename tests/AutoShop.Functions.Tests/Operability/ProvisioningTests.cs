using System.Net;
using System.Text.Json;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Operability;

/// <summary>
/// The app answers requests while it is still creating its tables, queues and containers (it has just started,
/// or storage was slow to answer): a request waits for them within its budget and answers 503 with
/// <c>Retry-After</c> if they are not there in time, instead of meeting a table that does not exist yet;
/// health answers at once.
/// </summary>
public sealed class ProvisioningTests
{
    [Fact]
    public async Task A_request_while_the_tables_are_being_created_waits_for_them_within_its_budget_and_health_answers_meanwhile()
    {
        var ct = TestContext.Current.CancellationToken;
        using var hold = new TableCreationHold();
        await using var app = new AutoShopApp(TestStorage.NewAccount())
        {
            AwaitStorage = false,
            ConfigureTestServices = s => s.AddSingleton<HttpPipelinePolicy>(hold),
        };
        app.Settings["Storage:RequestBudget"] = "00:00:01";
        using var client = app.CreateStaffClient();
        await Eventually.Until(() => hold.Held, TimeSpan.FromSeconds(60), "the provisioner tries to create a table");

        using var health = await client.GetAsync("/api/health", ct);
        using var policy = await client.GetAsync("/api/shops/queens-blvd/policy", ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, policy.StatusCode);
        Assert.Equal("application/problem+json", policy.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(policy.Headers.RetryAfter);
        Assert.False(app.Services.GetRequiredService<StorageProvisioner>().TablesReady.IsCompleted);

        hold.Release();
        await app.Services.GetRequiredService<StorageProvisioner>().Ready.WaitAsync(TimeSpan.FromSeconds(60), ct);
        using var after = await client.GetAsync("/api/shops/queens-blvd/policy", ct);
        // The fresh account has no shops: the table exists and the answer is the shop's own 404.
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Contains("queens-blvd", JsonDocument.Parse(await after.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("detail").GetString());
    }

    /// <summary>Holds every create-table request (POST to the Tables resource) until released.</summary>
    private sealed class TableCreationHold : HttpPipelinePolicy, IDisposable
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int held;

        public bool Held => Volatile.Read(ref held) > 0;

        public void Release() => released.TrySetResult();

        public void Dispose() => Release();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref held);
                await released.Task.WaitAsync(message.CancellationToken);
            }
            await ProcessNextAsync(message, pipeline);
        }
    }
}
