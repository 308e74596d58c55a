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
    public StorageClients(IOptions<StorageOptions> options, IEnumerable<HttpPipelinePolicy>? policies = null)
    {
        var o = options.Value;
        var tableOptions = With(new TableClientOptions(), policies);
        var queueOptions = With(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, policies);
        var rawQueueOptions = With(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }, policies);
        var blobOptions = With(new BlobClientOptions(), policies);
        if (o.UsesConnectionString)
        {
            Tables = new TableServiceClient(o.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(o.ConnectionString, queueOptions);
            RawQueues = new QueueServiceClient(o.ConnectionString, rawQueueOptions);
            Blobs = new BlobServiceClient(o.ConnectionString, blobOptions);
        }
        else
        {
            TokenCredential credential = string.IsNullOrWhiteSpace(o.ClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ClientId));
            Tables = new TableServiceClient(o.ServiceUri("table"), credential, tableOptions);
            Queues = new QueueServiceClient(o.ServiceUri("queue"), credential, queueOptions);
            RawQueues = new QueueServiceClient(o.ServiceUri("queue"), credential, rawQueueOptions);
            Blobs = new BlobServiceClient(o.ServiceUri("blob"), credential, blobOptions);
        }
    }

    private static T With<T>(T options, IEnumerable<HttpPipelinePolicy>? policies) where T : ClientOptions
    {
        foreach (var policy in policies ?? []) options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        return options;
    }

    public TableServiceClient Tables { get; }

    /// <summary>Base64 message encoding, as the Functions queue trigger expects.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>
    /// The same queues without message encoding: bodies exactly as stored. For code that reads bodies it
    /// did not write (the standalone listener, the poison view): with <see cref="Queues"/>, one body that
    /// is not base64 fails the whole receive it arrives in (see <c>Hosting/QueueMessageBody</c>).
    /// </summary>
    public QueueServiceClient RawQueues { get; }

    public BlobServiceClient Blobs { get; }
}
