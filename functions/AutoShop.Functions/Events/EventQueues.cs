namespace AutoShop.Functions.Events;

/// <summary>The event bus is storage queues: one inbound queue, fanned out to one queue per consumer.</summary>
public static class EventQueues
{
    public const string AppointmentEvents = "appointment-events";
}

/// <summary>A consumer's own queue that receives a copy of every appointment event.</summary>
public sealed record EventSubscription(string QueueName);
