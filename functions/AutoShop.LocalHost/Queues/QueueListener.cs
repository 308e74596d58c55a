using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;

namespace AutoShop.LocalHost.Queues;

/// <summary>
/// The local host's queue trigger: competing consumers on the real queues, so any number of
/// instances share the work. Mirrors the Functions host: up to batchSize + newBatchThreshold messages
/// of a function run at once, a running message stays hidden (<see cref="MessageLease"/>), a failed
/// message becomes visible again
/// after host.json's visibilityTimeout, and after maxDequeueCount deliveries moves to
/// <c>{queue}-poison</c>.
/// </summary>
public sealed partial class QueueListener(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    StorageClients storage,
    StorageProvisioner provisioner,
    HostJsonSettings host,
    QueueLeaseSettings lease,
    FunctionSwitches switches,
    IConfiguration configuration,
    [FromKeyedServices(HostingExtensions.PollingClock)] TimeProvider pollingClock,
    ILogger<QueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.TriggersOn()) return;
        await provisioner.Ready.WaitAsync(stoppingToken);
        var loops = switches.Enabled(catalog.Of<QueueFunctionTrigger>()).Select(f => ListenAsync(f, stoppingToken)).ToList();
        await Task.WhenAll(loops);
    }

    private async Task ListenAsync(FunctionDefinition function, CancellationToken ct)
    {
        var queueName = ((QueueFunctionTrigger)function.Trigger).QueueName;
        var queue = storage.Queues.GetQueueClient(queueName);
        var poison = storage.Queues.GetQueueClient(queueName + "-poison");
        var idle = MinPollingInterval;
        var running = new List<Task>();
        while (!ct.IsCancellationRequested)
        {
            // As the Functions host does: the next batch is fetched once no more than newBatchThreshold
            // messages are still running (at most batchSize + newBatchThreshold at once), so one slow
            // message does not hold back the ones received with it.
            running.RemoveAll(t => t.IsCompleted);
            while (running.Count > host.NewBatchThreshold)
                running.Remove(await Task.WhenAny(running));
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(host.BatchSize, lease.Length, ct)).Value;
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
            {
                LogReceiveFailed(logger, ex, queueName);
                await Task.Delay(host.MaxPollingInterval, pollingClock, ct);
                continue;
            }
            if (messages.Length == 0)
            {
                await Task.Delay(idle, pollingClock, ct);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, host.MaxPollingInterval.Ticks));
                continue;
            }
            idle = MinPollingInterval;
            running.AddRange(messages.Select(m => ProcessAsync(function, queueName, queue, poison, m, ct)));
        }
        await Task.WhenAll(running);
    }

    private async Task ProcessAsync(FunctionDefinition function, string queueName, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        var invocation = new QueueInvocation(function.Name, queueName, message.Body.ToString(), message.MessageId, message.DequeueCount, message.InsertedOn);
        var held = MessageLease.Start(queue, message, lease, pollingClock, logger);
        var failed = false;
        try
        {
            await invoker.InvokeQueueAsync(function, invocation, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await held.StopAsync();
            return; // shutting down: the message reappears after its lease
        }
        catch (Exception)
        {
            failed = true; // logged by the invoker; retry or poison below
        }
        var popReceipt = await held.StopAsync();

        if (!failed)
        {
            try
            {
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, ct);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return; // shutting down: the message reappears after its lease and its handler is idempotent
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                LogLeaseLost(logger, message.MessageId, queueName);
                return; // another consumer took it after our lease ran out; its handler is idempotent
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
            {
                // Not deleted: handled again like a failure (handlers are idempotent).
            }
        }

        try
        {
            if (message.DequeueCount >= host.MaxDequeueCount)
            {
                await poison.SendMessageAsync(message.Body, cancellationToken: ct);
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, ct);
                LogPoisoned(logger, message.MessageId, queueName, message.DequeueCount);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: host.VisibilityTimeout, cancellationToken: ct);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            LogRetryBookkeepingFailed(logger, ex, message.MessageId, queueName); // the lease expiry retries it anyway
        }
    }

    [LoggerMessage(LogLevel.Warning, "Receiving from {QueueName} failed; backing off")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queueName);

    [LoggerMessage(LogLevel.Information, "Message {MessageId} on {QueueName} was taken by another consumer after its lease expired")]
    private static partial void LogLeaseLost(ILogger logger, string messageId, string queueName);

    [LoggerMessage(LogLevel.Error, "Message {MessageId} moved from {QueueName} to its poison queue after {DequeueCount} deliveries")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string queueName, long dequeueCount);

    [LoggerMessage(LogLevel.Warning, "Could not release or poison message {MessageId} on {QueueName}")]
    private static partial void LogRetryBookkeepingFailed(ILogger logger, Exception exception, string messageId, string queueName);
}
