namespace AutoShop.Functions.Events;

/// <summary>Puts events on a queue. At least once: callers may publish the same event twice.</summary>
public interface IEventPublisher
{
    Task PublishAsync(string queueName, CloudEvent cloudEvent, CancellationToken cancellationToken, TimeSpan? visibilityDelay = null);
}
