using System.Text.Json;
using System.Text.Json.Serialization;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>
/// A notice waiting on the <c>notification-timers</c> queue, with the later notices of the same
/// appointment version (<see cref="Then"/>, earliest first) that are parked once this one is due.
/// </summary>
/// <param name="Retries">For a later try of a failed send: the tries before it (see <see cref="SendAttempt"/>).</param>
/// <param name="FirstFailedAt">For a later try: when the first try failed.</param>
/// <param name="ByStaff">A try staff asked for from the undelivered list.</param>
public sealed record TimerMessage(
    string AppointmentId, int Version, string Kind, string Label, DateTimeOffset Due, string DedupeKey,
    string? Channel = null, string? ExceptionReason = null, string? ExceptionNote = null, bool ExceptionExpired = false,
    IReadOnlyList<TimerStep>? Then = null, int? Retries = null, DateTimeOffset? FirstFailedAt = null, bool? ByStaff = null)
{
    public static TimerMessage From(Notice n) => new(n.AppointmentId, n.Version, n.Kind.Code(), n.Label, n.Due.ToDateTimeOffset(), n.DedupeKey,
        n.OnlyChannel?.Code(), n.Exception?.Reason, n.Exception?.DecisionNote, n.ExceptionExpired)
    {
        Retries = n.Attempt.Retries == 0 ? null : n.Attempt.Retries,
        FirstFailedAt = n.Attempt.FirstFailedAt,
        ByStaff = n.Attempt.ByStaff ? true : null,
    };

    /// <summary>One message for notices of one appointment version: the earliest waits, the rest ride along.</summary>
    public static TimerMessage Chain(IReadOnlyList<Notice> notices)
    {
        if (notices.Count == 0) throw new ArgumentException("A chain needs a notice.", nameof(notices));
        var ordered = notices.OrderBy(n => n.Due).ToList();
        if (ordered.Any(n => n.AppointmentId != ordered[0].AppointmentId || n.Version != ordered[0].Version || n.OnlyChannel is not null || n.Exception is not null))
            throw new ArgumentException("Chained notices must be plain notices of one appointment version.", nameof(notices));
        return From(ordered[0]) with { Then = ordered.Count > 1 ? [.. ordered.Skip(1).Select(n => new TimerStep(n.Kind.Code(), n.Label, n.Due.ToDateTimeOffset()))] : null };
    }

    /// <summary>The message for the next notice of the chain, or null when this one is the last.</summary>
    public TimerMessage? Next()
    {
        if (Then is not { Count: > 0 } then) return null;
        var step = then[0];
        if (!MessageKinds.TryParse(step.Kind, out var kind)) throw new FormatException($"Timer message has unknown kind '{step.Kind}'.");
        var next = From(new Notice(AppointmentId, Version, kind, step.Label, Instant.FromDateTimeOffset(step.Due)));
        return then.Count > 1 ? next with { Then = [.. then.Skip(1)] } : next;
    }

    public Notice ToNotice()
    {
        if (!MessageKinds.TryParse(Kind, out var kind)) throw new FormatException($"Timer message has unknown kind '{Kind}'.");
        Channel? channel = Channel is null ? null : Channels.TryParse(Channel, out var c) ? c : throw new FormatException($"Timer message has unknown channel '{Channel}'.");
        if (Retries is < 0) throw new FormatException($"Timer message has a negative retry count {Retries}.");
        return new Notice(AppointmentId, Version, kind, Label, Instant.FromDateTimeOffset(Due), channel,
            ExceptionReason is null ? null : new ExceptionDetails(ExceptionReason, ExceptionNote), ExceptionExpired)
        {
            Attempt = new SendAttempt(Retries ?? 0, FirstFailedAt, ByStaff ?? false),
        };
    }
}

/// <summary>A later notice carried by a <see cref="TimerMessage"/>.</summary>
public sealed record TimerStep(string Kind, string Label, DateTimeOffset Due);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TimerMessage))]
internal sealed partial class TimerJsonContext : JsonSerializerContext;

/// <summary>
/// Reminders and follow-ups as delayed queue messages: hidden until due, at most 7 days per hop
/// (and at most <see cref="NotificationOptions.MaxRealDelay"/>); whoever receives one early puts
/// it back for the rest of the wait. Due times are judged on the injected clock.
/// </summary>
public sealed class NotificationTimers(StorageClients storage, IOptions<NotificationOptions> options, TimeProvider clock)
{
    public const string Queue = "notification-timers";

    public Task ScheduleAsync(Notice notice, CancellationToken ct) => ScheduleAsync(TimerMessage.From(notice), ct);

    /// <summary>
    /// Parks the notices of one appointment version as one message: the earliest waits and carries the
    /// rest, and each is parked in its turn when the one before it is due. One waiting message per
    /// appointment instead of one per notice.
    /// </summary>
    public Task ScheduleChainAsync(IReadOnlyList<Notice> notices, CancellationToken ct) =>
        notices.Count == 0 ? Task.CompletedTask : ScheduleAsync(TimerMessage.Chain(notices), ct);

    /// <summary>Parks a message until its notice is due (or for the longest hop, whichever is sooner).</summary>
    public async Task ScheduleAsync(TimerMessage message, CancellationToken ct)
    {
        var hop = QueueHops.Next(Instant.FromDateTimeOffset(message.Due), Instant.FromDateTimeOffset(clock.GetUtcNow()));
        var delay = TimeSpan.FromTicks(Math.Min(hop.VisibilityDelay.ToTimeSpan().Ticks, options.Value.MaxRealDelay.Ticks));
        var body = Serialize(message);
        await storage.Queues.GetQueueClient(Queue).SendMessageAsync(BinaryData.FromString(body), delay, TimeSpan.FromSeconds(-1), ct);
    }

    public static string Serialize(TimerMessage message) => JsonSerializer.Serialize(message, TimerJsonContext.Default.TimerMessage);

    /// <summary>Reads a timer message; one that is not (<see cref="UnreadableMessageException"/>) is poisoned, not retried.</summary>
    public static TimerMessage Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, TimerJsonContext.Default.TimerMessage) ?? throw new UnreadableMessageException("Empty timer message.");
        }
        catch (JsonException ex)
        {
            throw new UnreadableMessageException("The message is not timer message JSON: " + ex.Message, ex);
        }
    }
}
