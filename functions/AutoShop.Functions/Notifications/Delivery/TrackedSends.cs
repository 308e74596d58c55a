using AutoShop.Functions.Hosting;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoShop.Functions.Notifications.Delivery;

/// <summary>
/// Sends one message at most once per (dedupe key, channel), and never loses it to an outage: claim,
/// send, record. A try that fails for a passing reason releases the claim and queues the next try
/// after a backoff (<see cref="NotificationOptions.Backoff"/>) instead of failing the queue message,
/// so an outage of hours does not burn the queue's few quick deliveries and end in a poison queue. A
/// refusal for good, or a send still failing when the horizon has passed, is given up: the message goes
/// on the shop's undelivered list, where staff can retry it. Every later try meets the same claim, so
/// a retry after a half-done send never sends twice (and carries the same Message-Id).
/// </summary>
public sealed partial class TrackedSends(
    DeliveryLog log,
    UndeliveredMessages undelivered,
    StorageClients storage,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    [FromKeyedServices(HostingExtensions.PollingClock)] TimeProvider realClock,
    ILogger<TrackedSends> logger)
{
    /// <param name="send">Renders and sends; throws or answers <see cref="SendRefused"/> when it did not go out.</param>
    /// <param name="via">How it went, for the log's "sent" entry (<c>smtp</c>, the SMS channel's name).</param>
    /// <param name="alsoRecord">Log entries of the same appointment to write in the claim's transaction (see <see cref="DeliveryLog.ClaimAsync"/>).</param>
    /// <returns>How the claim ended: only <see cref="ClaimResult.Claimed"/> tried to send.</returns>
    public async Task<ClaimResult> SendAsync(TrackedMessage message, Func<CancellationToken, Task<SendResult>> send, string via, CancellationToken ct,
        IReadOnlyList<DeliveryEntry>? alsoRecord = null)
    {
        var claim = await log.ClaimAsync(message.AppointmentId, message.DedupeKey, message.Channel, realClock.GetUtcNow(), options.Value.ClaimLease, ct,
            alsoRecord, revive: message.Attempt.ByStaff);
        if (claim != ClaimResult.Claimed)
        {
            LogNotClaimed(logger, message.DedupeKey, message.Channel, claim);
            return claim;
        }

        SendResult result;
        try
        {
            result = await send(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever the reason (relay down, a template that no longer renders), the next try comes later;
            // if it never succeeds, the horizon puts the message in front of staff rather than in a poison queue.
            await FailedAsync(message, $"{ex.GetType().Name}: {ex.Message}", permanent: false, ct);
            return claim;
        }

        switch (result)
        {
            case SendDelivered delivered:
                await log.MarkSentAsync(Entry(message, DeliveryOutcome.Sent, null) with { Detail = $"{via} {delivered.ProviderId}" }, delivered.ProviderId, ct);
                if (message.Attempt.IsRetry)
                    await undelivered.ResolveAsync(message.ShopId, message.DedupeKey, message.Channel, UndeliveredStatus.Delivered, clock.GetUtcNow(), ct);
                LogSent(logger, message.DedupeKey, message.Channel);
                break;
            case SendRefused refused:
                await FailedAsync(message, refused.Reason, permanent: true, ct);
                break;
            default:
                throw new InvalidOperationException($"Unexpected send result {result}");
        }
        return claim;
    }

    private async Task FailedAsync(TrackedMessage message, string error, bool permanent, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var firstFailedAt = message.Attempt.FirstFailedAt ?? now;
        var wait = permanent ? null : options.Value.Backoff.Next(message.Attempt.Retries, Instant.FromDateTimeOffset(firstFailedAt), Instant.FromDateTimeOffset(now));
        if (wait is { } delay)
        {
            // Release before queueing the next try: had the next try been queued first and the release failed,
            // it could arrive while the claim still looked in flight and end the chain.
            await log.ReleaseAsync(message.AppointmentId, message.DedupeKey, message.Channel, ct);
            var attempts = await log.AttemptsAsync(message.AppointmentId, message.DedupeKey, message.Channel, ct);
            var body = message.Retry.Body(message.Attempt.Next(firstFailedAt));
            await storage.Queues.GetQueueClient(message.Retry.Queue).SendMessageAsync(BinaryData.FromString(body), delay.ToTimeSpan(), TimeSpan.FromSeconds(-1), ct);
            await log.RecordAsync(Entry(message, DeliveryOutcome.Failed, DeliveryReasons.Transient) with
            {
                Detail = $"{error}; next try in {delay.ToTimeSpan():c}",
                Attempts = attempts,
            }, ct);
            LogTryingLater(logger, message.DedupeKey, message.Channel, attempts, delay.ToTimeSpan(), error);
            return;
        }

        var reason = permanent ? DeliveryReasons.Rejected : DeliveryReasons.GaveUp;
        var tries = await log.AttemptsAsync(message.AppointmentId, message.DedupeKey, message.Channel, ct);
        // On the list before the claim is given up: a crash in between leaves a listed message whose claim
        // a redelivery may still take (and then send), never a given-up claim nobody can find.
        await undelivered.RecordAsync(new UndeliveredMessage(message.ShopId, UndeliveredMessage.IdFor(message.DedupeKey, message.Channel),
            message.AppointmentId, message.DedupeKey, message.Kind, message.Label, message.Version, message.Channel, message.Recipient, reason, error, tries,
            firstFailedAt, now, message.Retry.Queue, message.Retry.Body(SendAttempt.StaffRetry)), ct);
        await log.GiveUpAsync(message.AppointmentId, message.DedupeKey, message.Channel, ct);
        await log.RecordAsync(Entry(message, DeliveryOutcome.Undelivered, reason) with { Detail = error, Attempts = tries }, ct);
        LogUndelivered(logger, message.DedupeKey, message.Channel, reason, tries, error);
    }

    private DeliveryEntry Entry(TrackedMessage m, string outcome, string? reason) =>
        new(m.AppointmentId, m.DedupeKey, m.Kind, m.Label, m.Version, m.Channel, outcome, clock.GetUtcNow(), reason, m.DueAt);

    [LoggerMessage(LogLevel.Information, "Sent {DedupeKey} by {Channel}")]
    private static partial void LogSent(ILogger logger, string dedupeKey, string channel);

    [LoggerMessage(LogLevel.Information, "Not sending {DedupeKey} by {Channel}: {Claim}")]
    private static partial void LogNotClaimed(ILogger logger, string dedupeKey, string channel, ClaimResult claim);

    [LoggerMessage(LogLevel.Warning, "{DedupeKey} by {Channel} failed on try {Attempts} ({Error}); trying again in {Delay}")]
    private static partial void LogTryingLater(ILogger logger, string dedupeKey, string channel, int attempts, TimeSpan delay, string error);

    [LoggerMessage(LogLevel.Error, "{DedupeKey} by {Channel} is undelivered ({Reason}) after {Attempts} tries: {Error}")]
    private static partial void LogUndelivered(ILogger logger, string dedupeKey, string channel, string reason, int attempts, string error);
}
