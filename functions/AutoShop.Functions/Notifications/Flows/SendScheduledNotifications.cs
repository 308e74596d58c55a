using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using NodaTime;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>
/// The timer queue's consumer: a notice that is due is dispatched; one that arrived early waits another
/// hop (with the notices it carries). When a notice is due, the next one it carries is parked first, so
/// a send that keeps failing cannot hold back a later reminder. A retry of this message may park that
/// next notice a second time; the copy finds the send already claimed and sends nothing.
/// </summary>
public sealed class SendScheduledNotifications(NotificationTimers timers, NotificationDispatcher dispatcher, TimeProvider clock)
{
    public const string Name = "SendScheduledNotifications";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(NotificationTimers.Queue, Connection = StorageOptions.Section)] string messageText, CancellationToken cancellationToken)
    {
        var message = NotificationTimers.Parse(messageText);
        var notice = message.ToNotice();
        if (notice.Due > Instant.FromDateTimeOffset(clock.GetUtcNow()))
        {
            await timers.ScheduleAsync(message, cancellationToken);
            return;
        }
        if (message.Next() is { } next) await timers.ScheduleAsync(next, cancellationToken);
        await dispatcher.DispatchAsync(notice, cancellationToken);
    }
}
