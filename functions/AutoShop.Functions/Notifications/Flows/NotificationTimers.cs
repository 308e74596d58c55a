using System.Text.Json;
using System.Text.Json.Serialization;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>A notice waiting on the <c>notification-timers</c> queue.</summary>
public sealed record TimerMessage(
    string AppointmentId, int Version, string Kind, string Label, DateTimeOffset Due, string DedupeKey,
    string? Channel = null, string? ExceptionReason = null, string? ExceptionNote = null, bool ExceptionExpired = false)
{
    public static TimerMessage From(Notice n) => new(n.AppointmentId, n.Version, n.Kind.Code(), n.Label, n.Due.ToDateTimeOffset(), n.DedupeKey,
        n.OnlyChannel?.Code(), n.Exception?.Reason, n.Exception?.DecisionNote, n.ExceptionExpired);

    public Notice ToNotice()
    {
        if (!MessageKinds.TryParse(Kind, out var kind)) throw new FormatException($"Timer message has unknown kind '{Kind}'.");
        Channel? channel = Channel is null ? null : Channels.TryParse(Channel, out var c) ? c : throw new FormatException($"Timer message has unknown channel '{Channel}'.");
        return new Notice(AppointmentId, Version, kind, Label, Instant.FromDateTimeOffset(Due), channel,
            ExceptionReason is null ? null : new ExceptionDetails(ExceptionReason, ExceptionNote), ExceptionExpired);
    }
}

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

    public async Task ScheduleAsync(Notice notice, CancellationToken ct)
    {
        var hop = QueueHops.Next(notice.Due, Instant.FromDateTimeOffset(clock.GetUtcNow()));
        var delay = TimeSpan.FromTicks(Math.Min(hop.VisibilityDelay.ToTimeSpan().Ticks, options.Value.MaxRealDelay.Ticks));
        var body = JsonSerializer.Serialize(TimerMessage.From(notice), TimerJsonContext.Default.TimerMessage);
        await storage.Queues.GetQueueClient(Queue).SendMessageAsync(BinaryData.FromString(body), delay, TimeSpan.FromSeconds(-1), ct);
    }

    public static TimerMessage Parse(string text) =>
        JsonSerializer.Deserialize(text, TimerJsonContext.Default.TimerMessage) ?? throw new FormatException("Empty timer message.");
}
