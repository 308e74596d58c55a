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
/// message becomes visible again after host.json's visibilityTimeout, and after maxDequeueCount
/// deliveries moves to <c>{queue}-poison</c>. A message no delivery can help (a body that is not
/// base64, or a consumer's <see cref="UnreadableMessageException"/>) moves there at once, as the
/// Functions host does with bodies it cannot decode. Each queue's loop outlives any failure: it logs,
/// backs off and goes on until the app stops.
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
    private static readonly TimeSpan FirstFaultDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxFaultDelay = TimeSpan.FromMinutes(1);

    /// <summary>Poisoned messages never expire: they wait for staff to see and replay them (Operations/PoisonMessageFunctions).</summary>
    private static readonly TimeSpan KeepForever = TimeSpan.FromSeconds(-1);

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
        // Raw bodies: the SDK's base64 decoding would throw for the whole batch on one bad body.
        var queue = storage.RawQueues.GetQueueClient(queueName);
        var poison = storage.RawQueues.GetQueueClient(queueName + "-poison");
        var idle = MinPollingInterval;
        var fault = TimeSpan.Zero;
        var running = new List<Task>();
        while (!ct.IsCancellationRequested)
        {
            try
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
                fault = TimeSpan.Zero;
                if (messages.Length == 0)
                {
                    await Task.Delay(idle, pollingClock, ct);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, host.MaxPollingInterval.Ticks));
                    continue;
                }
                idle = MinPollingInterval;
                running.AddRange(messages.Select(m => ProcessAsync(function, queueName, queue, poison, m, ct)));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Whatever failed, this queue must keep its consumer while the app runs: back off and go on.
                fault = fault == TimeSpan.Zero ? FirstFaultDelay : TimeSpan.FromTicks(Math.Min(fault.Ticks * 2, MaxFaultDelay.Ticks));
                LogLoopFailed(logger, ex, queueName, fault.TotalSeconds);
                await Task.Delay(fault, pollingClock, ct);
            }
        }
        await Task.WhenAll(running);
    }

    /// <summary>Never faults, so the loop above never has to look at how a message ended.</summary>
    private async Task ProcessAsync(FunctionDefinition function, string queueName, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        try
        {
            await HandleAsync(function, queueName, queue, poison, message, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the message reappears after its lease and its handler is idempotent.
        }
        catch (Exception ex)
        {
            LogMessageFailed(logger, ex, message.MessageId, queueName); // it reappears after its lease and is tried again
        }
    }

    private async Task HandleAsync(FunctionDefinition function, string queueName, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        if (!QueueMessageBody.TryDecode(message.Body.ToString(), out var text, out var undecodable))
        {
            await PoisonAsync(queueName, queue, poison, message, message.PopReceipt, undecodable, ct);
            return;
        }
        var invocation = new QueueInvocation(function.Name, queueName, text, message.MessageId, message.DequeueCount, message.InsertedOn);
        var held = MessageLease.Start(queue, message, lease, pollingClock, logger);
        string? failure = null;
        var unreadable = false;
        try
        {
            await invoker.InvokeQueueAsync(function, invocation, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await held.StopAsync();
            return; // shutting down: the message reappears after its lease
        }
        catch (UnreadableMessageException ex)
        {
            (failure, unreadable) = (ex.Message, true); // no delivery can change the message
        }
        catch (Exception ex)
        {
            failure = $"{ex.GetType().Name}: {ex.Message}"; // logged by the invoker; retry or poison below
        }
        var popReceipt = await held.StopAsync();

        if (failure is null)
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
                failure = "handled, but deleting it failed: " + ex.Message; // handled again like a failure (handlers are idempotent)
            }
        }

        if (unreadable || message.DequeueCount >= host.MaxDequeueCount)
        {
            await PoisonAsync(queueName, queue, poison, message, popReceipt, failure, ct);
            return;
        }
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: host.VisibilityTimeout, cancellationToken: ct);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            LogRetryBookkeepingFailed(logger, ex, message.MessageId, queueName); // the lease expiry retries it anyway
        }
    }

    /// <summary>Moves the body exactly as it arrived; a crash between the two writes leaves a copy in both queues, never none.</summary>
    private async Task PoisonAsync(string queueName, QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt, string reason, CancellationToken ct)
    {
        try
        {
            await poison.SendMessageAsync(message.Body.ToString(), visibilityTimeout: null, timeToLive: KeepForever, ct);
            await queue.DeleteMessageAsync(message.MessageId, popReceipt, ct);
            LogPoisoned(logger, message.MessageId, queueName, message.DequeueCount, reason);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            LogRetryBookkeepingFailed(logger, ex, message.MessageId, queueName); // the lease expiry retries it anyway
        }
    }

    [LoggerMessage(LogLevel.Warning, "Receiving from {QueueName} failed; backing off")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queueName);

    [LoggerMessage(LogLevel.Error, "The listener of {QueueName} failed unexpectedly; it goes on in {DelaySeconds} s")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string queueName, double delaySeconds);

    [LoggerMessage(LogLevel.Error, "Message {MessageId} on {QueueName} failed unexpectedly outside its handler; it is tried again after its lease")]
    private static partial void LogMessageFailed(ILogger logger, Exception exception, string messageId, string queueName);

    [LoggerMessage(LogLevel.Information, "Message {MessageId} on {QueueName} was taken by another consumer after its lease expired")]
    private static partial void LogLeaseLost(ILogger logger, string messageId, string queueName);

    [LoggerMessage(LogLevel.Error, "Message {MessageId} moved from {QueueName} to its poison queue after {DequeueCount} deliveries: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string queueName, long dequeueCount, string reason);

    [LoggerMessage(LogLevel.Warning, "Could not release or poison message {MessageId} on {QueueName}")]
    private static partial void LogRetryBookkeepingFailed(ILogger logger, Exception exception, string messageId, string queueName);
}
