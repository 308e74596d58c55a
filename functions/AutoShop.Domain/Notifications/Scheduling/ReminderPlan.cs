using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// The reminders for one version of an appointment. Offsets whose time has already passed when
/// planning (a booking made 3 hours ahead gets no 24 h reminder) are left out, not sent late.
/// </summary>
public sealed record ReminderPlan(IReadOnlyList<ScheduledNotification> Reminders, IReadOnlyList<ReminderOffset> SkippedAsPast)
{
    /// <param name="offsets">The shop's offsets; null means <see cref="ReminderOffset.Defaults"/> (24 h and 2 h).</param>
    public static ReminderPlan For(string appointmentId, int version, Instant appointmentStart, Instant now,
        IEnumerable<ReminderOffset>? offsets = null)
    {
        var reminders = new List<ScheduledNotification>();
        var skipped = new List<ReminderOffset>();
        foreach (var offset in (offsets ?? ReminderOffset.Defaults).Distinct().OrderDescending())
        {
            var due = appointmentStart - offset.BeforeStart;
            if (due < now)
                skipped.Add(offset);
            else
                reminders.Add(new ScheduledNotification(appointmentId, version, MessageKind.Reminder, offset.Label, due));
        }

        return new ReminderPlan(reminders, skipped);
    }
}
