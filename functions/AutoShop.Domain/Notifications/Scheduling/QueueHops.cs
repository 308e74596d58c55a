using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// Queue Storage hides a message for at most 7 days, so a message due later travels in hops:
/// hide it 7 days, and on arrival re-schedule it for what is left.
/// </summary>
public static class QueueHops
{
    public static readonly Duration LongestHop = Duration.FromDays(7);

    public static QueueHop Next(Instant due, Instant now)
    {
        var wait = due - now;
        if (wait <= Duration.Zero)
            return new QueueHop(Duration.Zero, RescheduleOnArrival: false);
        return wait <= LongestHop
            ? new QueueHop(wait, RescheduleOnArrival: false)
            : new QueueHop(LongestHop, RescheduleOnArrival: true);
    }
}

/// <param name="VisibilityDelay">How long the queue message stays hidden (0 to 7 days).</param>
/// <param name="RescheduleOnArrival">True when the message arrives before it is due and must be queued again.</param>
public readonly record struct QueueHop(Duration VisibilityDelay, bool RescheduleOnArrival);
