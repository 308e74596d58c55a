using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Notifications.Delivery;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>The reminders of one appointment version: the log entries that explain them, and the notices to park.</summary>
public sealed record RemindersPlanned(IReadOnlyList<DeliveryEntry> Entries, IReadOnlyList<Notice> Notices)
{
    public static readonly RemindersPlanned None = new([], []);
}

/// <summary>Plans the reminders of one appointment version and the follow-up after a visit, recording each plan in the delivery log.</summary>
public sealed class ReminderScheduler(NotificationTimers timers, DeliveryLog log, IOptions<NotificationOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Reminders come from the appointment as stored: if it has moved on past this version, the
    /// event for the newer version plans its own, and these would only be dropped on arrival.
    /// </summary>
    public RemindersPlanned Plan(Appointment appointment, int version, Instant now)
    {
        if (appointment.Version != version || appointment.Status != AppointmentStatus.Booked) return RemindersPlanned.None;

        var appointmentId = appointment.Id.Value;
        var plan = ReminderPlan.For(appointmentId, version, appointment.Start, now, options.Value.OffsetsFor(appointment.ShopId.Value));
        var skipped = plan.SkippedAsPast.Select(offset =>
            new ScheduledNotification(appointmentId, version, MessageKind.Reminder, offset.Label, appointment.Start - offset.BeforeStart));
        return new RemindersPlanned(
            [.. plan.Reminders.Select(r => Entry(r, DeliveryOutcome.Planned, null)), .. skipped.Select(s => Entry(s, DeliveryOutcome.Skipped, DeliveryReasons.OffsetAlreadyPast))],
            [.. plan.Reminders.Select(Notice.From)]);
    }

    /// <summary>
    /// Parks the planned reminders, once their entries are in the log (the caller wrote them, or
    /// <paramref name="logFirst"/> writes them here), so a reminder can never fire unexplained.
    /// </summary>
    public async Task ParkAsync(RemindersPlanned plan, CancellationToken ct, bool logFirst = false)
    {
        if (logFirst) await log.RecordAsync(plan.Entries, ct);
        await timers.ScheduleChainAsync(plan.Notices, ct);
    }

    public async Task PlanFollowUpAsync(string appointmentId, int version, Instant completedAt, CancellationToken ct)
    {
        var followUp = FollowUpPlan.For(appointmentId, version, completedAt, Duration.FromTimeSpan(options.Value.FollowUpDelay));
        await log.RecordAsync(Entry(followUp, DeliveryOutcome.Planned, null), ct);
        await timers.ScheduleAsync(Notice.From(followUp), ct);
    }

    private DeliveryEntry Entry(ScheduledNotification n, string outcome, string? reason) =>
        new(n.AppointmentId, n.DedupeKey, n.Kind.Code(), n.Label, n.Version, "any", outcome, clock.GetUtcNow(), reason, n.Due.ToDateTimeOffset());
}
