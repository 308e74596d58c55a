using AutoShop.Functions.Hosting.Catalog;
using NodaTime;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>The timer queue's consumer: a notice that is due is dispatched; one that arrived early waits another hop.</summary>
public sealed class SendScheduledNotifications(NotificationTimers timers, NotificationDispatcher dispatcher, TimeProvider clock) : IQueueFunction
{
    public const string Name = "SendScheduledNotifications";

    public async Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        var notice = NotificationTimers.Parse(invocation.MessageText).ToNotice();
        if (notice.Due > Instant.FromDateTimeOffset(clock.GetUtcNow()))
        {
            await timers.ScheduleAsync(notice, cancellationToken);
            return;
        }
        await dispatcher.DispatchAsync(notice, cancellationToken);
    }
}
