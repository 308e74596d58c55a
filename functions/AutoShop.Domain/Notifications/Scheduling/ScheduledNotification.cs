using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// A message to send later about one version of an appointment. It travels in a delayed queue
/// message; on arrival it is dropped if the appointment has changed since it was planned.
/// </summary>
/// <param name="Label">Which of the appointment's messages this is: the reminder offset ("24h") or "follow-up".</param>
public sealed record ScheduledNotification(string AppointmentId, int Version, MessageKind Kind, string Label, Instant Due)
{
    /// <summary>The same appointment version, kind and label always give the same key, so a redelivered message is sent once.</summary>
    public string DedupeKey => $"{AppointmentId}:v{Version}:{Kind.Code()}:{Label}";

    /// <summary>A reschedule or cancellation bumps the version; anything planned for an older version is obsolete.</summary>
    public bool IsStale(int currentVersion) => currentVersion != Version;
}
