using AutoShop.Functions.Hosting.Catalog;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Events;

/// <summary>
/// Publishes outbox entries to <c>appointment-events</c>, then deletes them. Writers relay their own
/// entries right after committing (<see cref="RelayAsync"/>); the timer sweep republishes whatever
/// a crash between commit and publish left behind.
/// </summary>
public sealed partial class OutboxRelay(IOutboxStore outbox, IEventPublisher publisher, TimeProvider clock, ILogger<OutboxRelay> logger)
{
    public const string Name = "RelayOutbox";
    public const string Schedule = "*/30 * * * * *";

    /// <summary>Entries younger than this are probably being relayed by their writer right now.</summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromSeconds(20);

    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var relayed = 0;
        await foreach (var entry in outbox.ListPendingAsync(clock.GetUtcNow() - SweepGrace, cancellationToken))
        {
            await RelayAsync(entry, cancellationToken);
            relayed++;
        }
        if (relayed > 0) LogSwept(logger, relayed);
    }

    public async Task RelayAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        await publisher.PublishAsync(EventQueues.AppointmentEvents, entry.Event, cancellationToken);
        await outbox.CompleteAsync(entry, cancellationToken);
    }

    /// <summary>
    /// What a writer does right after committing: publish its event now. The change is already durable,
    /// so when storage is unreachable the event simply waits in the outbox for the sweep. (The storage SDK
    /// reports exhausted retries as an <see cref="AggregateException"/>: that, too, must not turn a
    /// committed change into a 500 the client would retry.)
    /// </summary>
    public async Task RelaySoonAsync(string partition, CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        try
        {
            await RelayAsync(new OutboxEntry(partition, Storage.TableNames.OutboxRowKey(cloudEvent.Id), cloudEvent, clock.GetUtcNow()), cancellationToken);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            LogDeferred(logger, ex, cloudEvent.Id);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Event {EventId} stays in the outbox for the sweep: the queue was unreachable")]
    private static partial void LogDeferred(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(LogLevel.Warning, "Outbox sweep relayed {Count} events a writer had left behind")]
    private static partial void LogSwept(ILogger logger, int count);
}
