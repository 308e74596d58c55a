using AutoShop.Domain.Notifications;
using AutoShop.Functions.Notifications.Delivery;
using NodaTime;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>
/// One message to one customer about one version of an appointment, due at <see cref="Due"/>.
/// Its dedupe key (appointment, version, kind, label) plus the channel is what is sent at most once.
/// </summary>
/// <param name="Label">Which message of its kind: the reminder offset ("24h"), "booked", "moved", "cancelled", "follow-up" or an exception request id.</param>
/// <param name="OnlyChannel">Set when quiet hours moved just the SMS, or for a later try of one channel.</param>
/// <param name="ExceptionExpired">The request ran out of time: told as a denial, with a note in the customer's language.</param>
public sealed record Notice(
    string AppointmentId, int Version, MessageKind Kind, string Label, Instant Due,
    Channel? OnlyChannel = null, ExceptionDetails? Exception = null, bool ExceptionExpired = false)
{
    /// <summary>Which try of its sends this notice asks for (a later try names one channel in <see cref="OnlyChannel"/>).</summary>
    public SendAttempt Attempt { get; init; } = SendAttempt.First;

    public string DedupeKey => new ScheduledNotification(AppointmentId, Version, Kind, Label, Due).DedupeKey;

    public static Notice From(ScheduledNotification scheduled) => new(scheduled.AppointmentId, scheduled.Version, scheduled.Kind, scheduled.Label, scheduled.Due);
}
