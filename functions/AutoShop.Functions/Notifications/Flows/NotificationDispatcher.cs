using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Shops;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>
/// Turns a due notice into sends: checks it still applies to the appointment as it is now, asks
/// the planner which channels the customer's current consent allows, holds SMS back through
/// quiet hours, and records every decision in the delivery log.
/// </summary>
public sealed partial class NotificationDispatcher(
    IScheduleStore schedule,
    IShopStore shops,
    Recipients recipients,
    MessageDelivery delivery,
    NotificationTimers timers,
    DeliveryLog log,
    UndeliveredMessages undelivered,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger)
{
    /// <param name="loaded">The appointment when the caller has just read it (saves a read); null to load it here.</param>
    /// <param name="alsoRecord">
    /// Log entries of the same appointment (a reminder plan) to write with this notice's first write: the
    /// first send's claim, or the skip and drop records. Written when this returns; perhaps not if it throws.
    /// </param>
    public async Task DispatchAsync(Notice notice, CancellationToken ct, StoredAppointment? loaded = null, IReadOnlyList<DeliveryEntry>? alsoRecord = null)
    {
        IReadOnlyList<DeliveryEntry> along = alsoRecord ?? [];
        var stored = loaded is not null && loaded.Appointment.Id.Value == notice.AppointmentId ? loaded
            : AppointmentId.TryParse(notice.AppointmentId).TryGetValue(out var id, out _) ? await schedule.FindAsync(id, ct) : null;
        if (stored is null)
        {
            await log.RecordAsync([Entry(notice, "any", DeliveryOutcome.Dropped, DeliveryReasons.AppointmentNotFound), .. along], ct);
            return;
        }
        var appointment = stored.Appointment;
        if (WhyNotApplicable(notice, appointment) is { } reason)
        {
            LogDropped(logger, notice.DedupeKey, reason);
            await log.RecordAsync([Entry(notice, "any", DeliveryOutcome.Dropped, reason) with
            {
                Detail = $"appointment is {appointment.Status.ToString().ToLowerInvariant()} at version {appointment.Version}",
            }, .. along], ct);
            await ForgetRetryAsync(notice, appointment, ct);
            return;
        }
        var setup = await shops.GetAsync(appointment.ShopId, ct) ?? throw new InvalidOperationException($"Shop {appointment.ShopId} of {appointment.Id} is missing.");

        var preferences = await recipients.ResolveAsync(appointment.Customer, ct);
        var plan = MessagePlanner.Plan(notice.Kind, preferences, Recipients.ContactOf(appointment.Customer));
        // Skips (and the caller's entries) go into the first send's claim transaction, or on their own at the end.
        IReadOnlyList<DeliveryEntry> pending = [.. plan.Skips.Where(s => notice.OnlyChannel is null || s.Channel == notice.OnlyChannel)
            .Select(skip => Entry(notice, skip.Channel.Code(), DeliveryOutcome.Skipped, skip.ReasonCode)), .. along];
        if (notice.OnlyChannel is { } only && plan.Skips.Any(s => s.Channel == only)) await ForgetRetryAsync(notice, appointment, ct);

        var failures = new List<Exception>();
        foreach (var send in plan.Sends.Where(s => notice.OnlyChannel is null || s.Channel == notice.OnlyChannel))
        {
            if (send.Channel == Channel.Sms && await HeldByQuietHoursAsync(notice, appointment, ct)) continue;
            try
            {
                // A send that fails queues its own later try; what throws here is the bookkeeping around it (storage).
                await delivery.SendAsync(notice, send, appointment, setup, ct, pending);
                pending = [];
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failures.Add(ex); // the other channel still goes out; the queue retries this one
                // The pending entries may or may not have gone with the claim: they are written again below (an upsert).
            }
        }
        await log.RecordAsync(pending, ct);
        if (failures.Count > 0) throw new AggregateException($"Sending {notice.DedupeKey} failed on {failures.Count} channel(s).", failures);
    }

    /// <summary>Reminders and confirmations speak for one version of a booked appointment; follow-ups for a completed one.</summary>
    public static string? WhyNotApplicable(Notice notice, Appointment appointment) => notice.Kind switch
    {
        MessageKind.Confirmation or MessageKind.Rescheduled or MessageKind.Reminder =>
            appointment.Version != notice.Version ? DeliveryReasons.StaleVersion
            : appointment.Status != AppointmentStatus.Booked ? DeliveryReasons.NotBooked
            : null,
        MessageKind.FollowUp => appointment.Status != AppointmentStatus.Completed ? DeliveryReasons.NotCompleted : null,
        _ => null,
    };

    /// <summary>
    /// True when quiet hours keep the SMS from going now: moved to a later notice, or skipped when that
    /// would be after the appointment. The hours are the shop's and the recipient's, in the zones the
    /// recipient's number belongs to (<see cref="SmsSendingWindow"/>); the log says which decided.
    /// </summary>
    private async Task<bool> HeldByQuietHoursAsync(Notice notice, Appointment appointment, CancellationToken ct)
    {
        var window = SmsSendingWindow.For(options.Value.QuietHoursFor(appointment.ShopId.Value), DateTimeZoneProviders.Tzdb[appointment.ShopZoneId],
            appointment.Customer.Phone is { } phone ? RecipientRegion.Of(phone) : RecipientRegion.Unknown);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var due = Instant.Max(notice.Due, now);
        var sendTime = notice.Kind == MessageKind.FollowUp
            ? new SmsSendAt(window.NextAllowed(due), Moved: !window.Allows(due))
            : window.NextAllowed(due, appointment.Start);
        switch (sendTime)
        {
            case SmsSendSkipped skipped:
                await RecordAsync(notice, "sms", DeliveryOutcome.Skipped, DeliveryReasons.QuietHours, ct, $"{skipped.Reason} (allowed {window.Describe(due)})");
                if (notice.OnlyChannel == Channel.Sms) await ForgetRetryAsync(notice, appointment, ct);
                return true;
            case SmsSendAt { Moved: true } moved:
                var later = notice with { OnlyChannel = Channel.Sms, Due = moved.At };
                await timers.ScheduleAsync(later, ct);
                await log.RecordAsync(Entry(notice, "sms", DeliveryOutcome.Deferred, DeliveryReasons.QuietHours) with
                {
                    DueAt = moved.At.ToDateTimeOffset(),
                    Detail = $"allowed {window.Describe(due)}",
                }, ct);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A later try that no longer applies (the appointment moved on, the customer opted out) has nothing left
    /// to deliver: if it was on the undelivered list (a staff retry), it comes off.
    /// </summary>
    private async Task ForgetRetryAsync(Notice notice, Appointment appointment, CancellationToken ct)
    {
        if (!notice.Attempt.IsRetry || notice.OnlyChannel is not { } channel) return;
        await undelivered.ResolveAsync(appointment.ShopId.Value, notice.DedupeKey, channel.Code(), UndeliveredStatus.NoLongerApplies, clock.GetUtcNow(), ct);
    }

    private Task RecordAsync(Notice notice, string channel, string outcome, string reason, CancellationToken ct, string? detail = null) =>
        log.RecordAsync(Entry(notice, channel, outcome, reason) with { Detail = detail }, ct);

    private DeliveryEntry Entry(Notice notice, string channel, string outcome, string? reason) =>
        new(notice.AppointmentId, notice.DedupeKey, notice.Kind.Code(), notice.Label, notice.Version, channel, outcome, clock.GetUtcNow(), reason,
            notice.Due.ToDateTimeOffset());

    [LoggerMessage(LogLevel.Information, "Dropped {DedupeKey}: {Reason}")]
    private static partial void LogDropped(ILogger logger, string dedupeKey, string reason);
}
