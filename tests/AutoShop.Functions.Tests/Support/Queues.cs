using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace AutoShop.Functions.Tests.Support;

/// <summary>Direct SDK access to the test account, to arrange inputs and observe effects.</summary>
public sealed class StorageProbe(string connectionString)
{
    public QueueClient Queue(string name) =>
        new(connectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public TableClient Table(string name) => new(connectionString, name);

    public async Task<List<string>> PeekAllAsync(string queueName)
    {
        var queue = Queue(queueName);
        if (!await queue.ExistsAsync()) return [];
        var peeked = await queue.PeekMessagesAsync(32);
        return peeked.Value.Select(m => m.Body.ToString()).ToList();
    }

    public async Task<int> CountAsync(string queueName)
    {
        var queue = Queue(queueName);
        if (!await queue.ExistsAsync()) return 0;
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }
}
