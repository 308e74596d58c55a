using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>The thank-you/how-did-we-do message after a completed visit.</summary>
public static class FollowUpPlan
{
    public static readonly Duration DefaultDelay = Duration.FromHours(24);

    public const string Label = "follow-up";

    /// <param name="delay">The shop's delay after completion; null means 24 hours.</param>
    public static ScheduledNotification For(string appointmentId, int version, Instant completedAt, Duration? delay = null) =>
        new(appointmentId, version, MessageKind.FollowUp, Label, completedAt + (delay ?? DefaultDelay));

    /// <summary>
    /// The SMS variant waits for the recipient's allowed hours. It is never skipped: there is no
    /// appointment ahead for it to arrive after.
    /// </summary>
    public static ScheduledNotification ForSms(string appointmentId, int version, Instant completedAt, DateTimeZone recipientZone,
        QuietHours quietHours, Duration? delay = null)
    {
        var planned = For(appointmentId, version, completedAt, delay);
        return planned with { Due = quietHours.NextAllowed(planned.Due, recipientZone) };
    }
}
