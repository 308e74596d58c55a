using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Notifications.Consent;
using NodaTime;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>
/// Reacts to appointment and approval events on the notifications' own subscriber queue: tells the
/// customer what changed and (re)plans reminders and the follow-up. Redeliveries are harmless: sends
/// are claimed per message, ledger and log rows are keyed by their cause.
/// </summary>
public sealed partial class PlanNotifications(
    IScheduleStore schedule,
    Recipients recipients,
    NotificationDispatcher dispatcher,
    ReminderScheduler reminders,
    TimeProvider clock,
    ILogger<PlanNotifications> logger)
{
    public const string Name = "PlanNotifications";
    public const string Queue = "notification-events";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(Queue, Connection = StorageOptions.Section)] string message, CancellationToken cancellationToken)
    {
        var cloudEvent = CloudEvent.Parse(message);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        switch (cloudEvent.Type)
        {
            case AppointmentCloudEvents.Created:
            case AppointmentCloudEvents.Updated:
            case AppointmentCloudEvents.Cancelled:
                await OnAppointmentEventAsync(cloudEvent, AppointmentCloudEvents.Read(cloudEvent), now, cancellationToken);
                break;
            case ApprovalEvents.Requested:
            case ApprovalEvents.Decided:
                await OnExceptionEventAsync(ApprovalEvents.Read(cloudEvent), now, cancellationToken);
                break;
            default:
                LogIgnored(logger, cloudEvent.Type, cloudEvent.Id);
                break;
        }
    }

    private async Task OnAppointmentEventAsync(CloudEvent cloudEvent, AppointmentEventData data, Instant now, CancellationToken ct)
    {
        var id = data.Appointment.Id;
        var version = data.Appointment.Version;
        switch (data.Change)
        {
            case "booked":
            {
                // One read serves the consent record, the confirmation and the reminder plan. The consent
                // record runs beside the message (which may read the ledger before the booking's entry lands;
                // the booking form's choices are then the fallback, the same values).
                var stored = await FindAsync(id, ct);
                await Task.WhenAll(
                    stored is null ? Task.CompletedTask : recipients.RecordBookingAsync(stored.Appointment, ct),
                    TellAndPlanRemindersAsync(new Notice(id, version, MessageKind.Confirmation, "booked", now), stored, now, ct));
                break;
            }
            case "rescheduled":
                await TellAndPlanRemindersAsync(new Notice(id, version, MessageKind.Rescheduled, "moved", now), await FindAsync(id, ct), now, ct);
                break;
            case "cancelled":
                await dispatcher.DispatchAsync(new Notice(id, version, MessageKind.Cancelled, "cancelled", now), ct);
                break;
            case "completed":
                await reminders.PlanFollowUpAsync(id, version, Instant.FromDateTimeOffset(cloudEvent.Time), ct);
                break;
            default:
                LogIgnored(logger, $"{cloudEvent.Type}/{data.Change}", cloudEvent.Id);
                break;
        }
    }

    private async Task OnExceptionEventAsync(ExceptionEventData data, Instant now, CancellationToken ct)
    {
        var request = data.Request;
        var (kind, expired) = request.Status switch
        {
            "pending" => (MessageKind.ExceptionPending, false),
            "approved" => (MessageKind.ExceptionApproved, false),
            "denied" => (MessageKind.ExceptionDenied, false),
            "expired" => (MessageKind.ExceptionDenied, true),
            _ => ((MessageKind?)null, false), // withdrawn: the customer did that themselves
        };
        if (kind is null) return;
        var details = new ExceptionDetails(request.CustomerReason, request.Decision?.Note);
        await dispatcher.DispatchAsync(new Notice(data.Appointment.Id, data.Appointment.Version, kind.Value, request.Id, now, Exception: details, ExceptionExpired: expired), ct);
    }

    /// <summary>
    /// Sends the notice with the reminder plan's log entries in its first write (its claim: one round trip
    /// fewer), then parks the reminders. If the notice fails, the reminders are logged and parked all the
    /// same before the failure goes back to the queue: they never wait on the message.
    /// </summary>
    private async Task TellAndPlanRemindersAsync(Notice notice, StoredAppointment? stored, Instant now, CancellationToken ct)
    {
        var plan = stored is null ? RemindersPlanned.None : reminders.Plan(stored.Appointment, notice.Version, now);
        try
        {
            await dispatcher.DispatchAsync(notice, ct, stored, plan.Entries);
        }
        catch (Exception) when (plan.Entries.Count > 0 && !ct.IsCancellationRequested)
        {
            await reminders.ParkAsync(plan, ct, logFirst: true);
            throw;
        }
        await reminders.ParkAsync(plan, ct);
    }

    private async Task<StoredAppointment?> FindAsync(string id, CancellationToken ct) =>
        AppointmentId.TryParse(id).TryGetValue(out var appointmentId, out _) ? await schedule.FindAsync(appointmentId, ct) : null;

    [LoggerMessage(LogLevel.Debug, "Nothing to tell customers about {EventType} {EventId}")]
    private static partial void LogIgnored(ILogger logger, string eventType, string eventId);
}
