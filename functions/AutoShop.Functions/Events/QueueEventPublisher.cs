using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Events;

public sealed class QueueEventPublisher(StorageClients storage) : IEventPublisher
{
    /// <summary>The largest payload that still fits a 64 KiB queue message after base64.</summary>
    public const int MaxPayloadBytes = 48 * 1024;

    public async Task PublishAsync(string queueName, CloudEvent cloudEvent, CancellationToken cancellationToken, TimeSpan? visibilityDelay = null)
    {
        var body = BinaryData.FromString(cloudEvent.ToJson());
        if (body.ToMemory().Length > MaxPayloadBytes)
            throw new InvalidOperationException($"Event {cloudEvent.Id} is {body.ToMemory().Length} bytes; queue messages hold at most {MaxPayloadBytes}.");
        await storage.Queues.GetQueueClient(queueName).SendMessageAsync(body, visibilityDelay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }
}
