using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Storage;

/// <summary>The three service clients of the app's storage account, built once from <see cref="StorageOptions"/>.</summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (o.UsesConnectionString)
        {
            Tables = new TableServiceClient(o.ConnectionString);
            Queues = new QueueServiceClient(o.ConnectionString, queueOptions);
            Blobs = new BlobServiceClient(o.ConnectionString);
        }
        else
        {
            TokenCredential credential = string.IsNullOrWhiteSpace(o.ClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ClientId));
            Tables = new TableServiceClient(o.ServiceUri("table"), credential);
            Queues = new QueueServiceClient(o.ServiceUri("queue"), credential, queueOptions);
            Blobs = new BlobServiceClient(o.ServiceUri("blob"), credential);
        }
    }

    public TableServiceClient Tables { get; }

    /// <summary>Base64 message encoding, as the Functions queue trigger expects.</summary>
    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }
}
