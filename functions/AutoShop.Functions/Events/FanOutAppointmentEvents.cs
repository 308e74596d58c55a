using AutoShop.Functions.Hosting;
using Azure.Storage.Queues.Models;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Events;

/// <summary>
/// Hands each appointment event to every subscriber, so notifications, job cards, approvals and the
/// audit chain each see every event (a shared queue would give each message to one consumer only).
/// A subscriber whose queue function lives in this app runs here, in process: that saves its queue a
/// send, a receive and a delete per event, which is most of the storage traffic an event causes.
/// Only when that handler fails, or the subscriber has no function here, is the event copied to the
/// subscriber's own queue, whose function then retries it on its own (and poisons it on its own),
/// without holding back the other subscribers. A subscriber disabled by its
/// <c>AzureWebJobs.&lt;name&gt;.Disabled</c> setting finds its events waiting on its queue.
/// A crash before the copies are made redelivers the event to everyone; consumers deduplicate on the event id.
/// </summary>
public sealed partial class FanOutAppointmentEvents(
    IEnumerable<EventSubscription> subscriptions,
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    FunctionSwitches switches,
    IEventPublisher publisher,
    ILogger<FanOutAppointmentEvents> logger)
{
    public const string Name = "FanOutAppointmentEvents";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(EventQueues.AppointmentEvents, Connection = StorageOptions.Section)] QueueMessage message, CancellationToken cancellationToken)
    {
        var invocation = new QueueInvocation(Name, EventQueues.AppointmentEvents, message.MessageText, message.MessageId, message.DequeueCount, message.InsertedOn);
        var cloudEvent = CloudEvent.Parse(invocation.MessageText);
        var queues = subscriptions.GroupBy(s => s.QueueName).Select(g => (Queue: g.Key, InProcess: g.All(s => s.InProcess))).ToList();
        var copied = await Task.WhenAll(queues.Select(q => DeliverAsync(q.Queue, q.InProcess, invocation, cloudEvent, cancellationToken)));
        LogFannedOut(logger, cloudEvent.Type, cloudEvent.Id, queues.Count, copied.Count(c => c));
    }

    /// <returns>Whether the event went to the subscriber's queue rather than straight to its function.</returns>
    private async Task<bool> DeliverAsync(string queue, bool inProcess, QueueInvocation invocation, CloudEvent cloudEvent, CancellationToken ct)
    {
        var function = !inProcess ? null : catalog.Of<QueueFunctionTrigger>().FirstOrDefault(f => ((QueueFunctionTrigger)f.Trigger).QueueName == queue);
        if (function is not null && !switches.IsDisabled(function.Name))
        {
            try
            {
                await invoker.InvokeQueueAsync(function, invocation with { FunctionName = function.Name, QueueName = queue }, ct);
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Logged by the invoker; the subscriber's own queue takes over the retries.
            }
        }
        await publisher.PublishAsync(queue, cloudEvent, ct);
        return true;
    }

    [LoggerMessage(LogLevel.Information, "Fanned out {EventType} {EventId} to {QueueCount} subscribers ({Copied} through their queues)")]
    private static partial void LogFannedOut(ILogger logger, string eventType, string eventId, int queueCount, int copied);
}
