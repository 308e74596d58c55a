namespace AutoShop.Functions.Events;

/// <summary>The event bus is storage queues: one inbound queue, fanned out to one queue per consumer.</summary>
public static class EventQueues
{
    public const string AppointmentEvents = "appointment-events";
}

/// <summary>
/// A consumer's own queue for appointment events. <paramref name="InProcess"/>: the fan-out may run
/// the consumer's function directly and use the queue only for its retries; otherwise every event
/// is copied to the queue.
/// </summary>
public sealed record EventSubscription(string QueueName, bool InProcess = true);
