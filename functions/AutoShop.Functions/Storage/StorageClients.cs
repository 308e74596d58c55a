using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Storage;

/// <summary>The three service clients of the app's storage account, built once from <see cref="StorageOptions"/>.</summary>
public sealed class StorageClients
{
    /// <param name="policies">
    /// Extra pipeline policies, run for every attempt of every request, after the SDK's retry policy (none in
    /// the app; tests register them to count what goes on the wire or to lose a reply).
    /// </param>
    public StorageClients(IOptions<StorageOptions> options, IOptions<StorageResilienceOptions> resilience, IEnumerable<HttpPipelinePolicy>? policies = null)
    {
        var o = options.Value;
        var r = resilience.Value;
        var extra = policies?.ToList() ?? [];
        TokenCredential? credential = o.UsesConnectionString ? null
            : string.IsNullOrWhiteSpace(o.ClientId) ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ClientId));
        // HTTP requests are bounded by their budget (RequestBudgetMiddleware) whatever these are; these bound
        // the background work, which has no budget: an attempt that gets no reply ends after NetworkTimeout.
        (Tables, Queues, Blobs, RawQueues) = Build(o, credential, r.MaxRetries, r.RetryDelay, r.NetworkTimeout, extra);
        // A probe tells what storage does now: one attempt, no longer than the health check waits.
        Probes = Build(o, credential, maxRetries: 0, TimeSpan.Zero, r.HealthTimeout, extra);
    }

    public TableServiceClient Tables { get; }

    /// <summary>Base64 message encoding, as the Functions queue trigger expects.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>
    /// The same queues without message encoding: the local host's listener receives raw bodies and decodes
    /// them itself, so a body that is not base64 is poisoned instead of stopping the receive loop.
    /// </summary>
    public QueueServiceClient RawQueues { get; }

    public BlobServiceClient Blobs { get; }

    /// <summary>The same services without retries, for <c>/api/health</c>.</summary>
    public ServiceClients Probes { get; }

    public sealed record ServiceClients(TableServiceClient Tables, QueueServiceClient Queues, BlobServiceClient Blobs, QueueServiceClient RawQueues);

    private static ServiceClients Build(StorageOptions o, TokenCredential? credential, int maxRetries, TimeSpan retryDelay, TimeSpan networkTimeout,
        IReadOnlyList<HttpPipelinePolicy> policies)
    {
        T With<T>(T options) where T : ClientOptions
        {
            options.Retry.Mode = RetryMode.Exponential;
            options.Retry.MaxRetries = maxRetries;
            options.Retry.Delay = retryDelay;
            options.Retry.NetworkTimeout = networkTimeout;
            foreach (var policy in policies) options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
            return options;
        }

        var tableOptions = With(new TableClientOptions());
        var queueOptions = With(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var rawQueueOptions = With(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var blobOptions = With(new BlobClientOptions());
        return credential is null
            ? new(new TableServiceClient(o.ConnectionString, tableOptions), new QueueServiceClient(o.ConnectionString, queueOptions),
                new BlobServiceClient(o.ConnectionString, blobOptions), new QueueServiceClient(o.ConnectionString, rawQueueOptions))
            : new(new TableServiceClient(o.ServiceUri("table"), credential, tableOptions), new QueueServiceClient(o.ServiceUri("queue"), credential, queueOptions),
                new BlobServiceClient(o.ServiceUri("blob"), credential, blobOptions), new QueueServiceClient(o.ServiceUri("queue"), credential, rawQueueOptions));
    }
}
