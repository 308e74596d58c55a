using AutoShop.Functions.Hosting.Catalog;

namespace AutoShop.Functions.Events;

/// <summary>
/// Copies each appointment event to every consumer's own queue, so notifications, job cards and
/// reporting each see every event (a shared queue would hand each message to one consumer only).
/// A redelivery copies again; consumers deduplicate on the event id.
/// </summary>
public sealed partial class FanOutAppointmentEvents(
    IEnumerable<EventSubscription> subscriptions,
    IEventPublisher publisher,
    ILogger<FanOutAppointmentEvents> logger) : IQueueFunction
{
    public const string Name = "FanOutAppointmentEvents";

    public async Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        var cloudEvent = CloudEvent.Parse(invocation.MessageText);
        var queues = subscriptions.Select(s => s.QueueName).Distinct().ToList();
        await Task.WhenAll(queues.Select(q => publisher.PublishAsync(q, cloudEvent, cancellationToken)));
        LogFannedOut(logger, cloudEvent.Type, cloudEvent.Id, queues.Count);
    }

    [LoggerMessage(LogLevel.Information, "Fanned out {EventType} {EventId} to {QueueCount} queues")]
    private static partial void LogFannedOut(ILogger logger, string eventType, string eventId, int queueCount);
}
