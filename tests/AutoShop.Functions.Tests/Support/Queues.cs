using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace AutoShop.Functions.Tests.Support;

/// <summary>Direct SDK access to the test account, to arrange inputs and observe effects.</summary>
public sealed class StorageProbe(string connectionString)
{
    public QueueClient Queue(string name) =>
        new(connectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>The queue without message encoding: bodies exactly as stored, and sent exactly as given.</summary>
    public QueueClient RawQueue(string name) => new(connectionString, name);

    public TableClient Table(string name) => new(connectionString, name);

    /// <summary>Up to 32 visible messages, bodies as stored (a poison queue may hold bodies that are not base64).</summary>
    public async Task<List<Azure.Storage.Queues.Models.PeekedMessage>> PeekRawAsync(string queueName)
    {
        var queue = RawQueue(queueName);
        if (!await queue.ExistsAsync()) return [];
        return [.. (await queue.PeekMessagesAsync(32)).Value];
    }

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
