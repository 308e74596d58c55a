using System.Globalization;
using System.Text.Json;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Notifications.Flows;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>What a delivery of SMS events came to: how many messages, and how many asked to opt out, opt in or for help.</summary>
public sealed record InboundResult(int Received, int OptedOut, int OptedIn, int Help);

/// <summary>What became of one Event Grid delivery.</summary>
public abstract record InboundDelivery
{
    /// <summary>The subscription handshake: Event Grid expects its code back.</summary>
    public sealed record Validation(string Code) : InboundDelivery;

    public sealed record Handled(InboundResult Result) : InboundDelivery;

    /// <summary>The body is not JSON at all.</summary>
    public sealed record Unreadable(string Error) : InboundDelivery;

    /// <summary>A keyword reply could not be sent (transient): the delivery must come again.</summary>
    public sealed record ReplyNotSent : InboundDelivery;
}

/// <summary>
/// Reads an Event Grid delivery (one event or an array) of ACS <c>Microsoft.Communication.SMSReceived</c>
/// events and hands each message to <see cref="InboundSmsHandler"/> (opt-out, opt-in, help, or nothing), in
/// order. A reply that could not be sent ends the delivery there, so Event Grid delivers the batch again;
/// what was already done is keyed by each message's ACS id, so the redelivery repeats nothing and finishes
/// what was left.
/// </summary>
public sealed partial class InboundSmsEvents(InboundSmsHandler handler, TimeProvider clock, ILogger<InboundSmsEvents> logger)
{
    public const string SmsReceived = "Microsoft.Communication.SMSReceived";
    public const string SubscriptionValidation = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public async Task<InboundDelivery> ReceiveAsync(Stream body, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return new InboundDelivery.Unreadable(ex.Message);
        }
        using (document)
        {
            var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            var (received, optedOut, optedIn, help) = (0, 0, 0, 0);
            foreach (var e in events)
            {
                var type = Text(e, "eventType");
                var data = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out var d) ? d : default;
                if (type == SubscriptionValidation)
                    return new InboundDelivery.Validation(Text(data, "validationCode") ?? "");
                if (type != SmsReceived || data.ValueKind != JsonValueKind.Object) continue;
                received++;
                if (!ContactKey.TryPhone(Text(data, "from"), out var contact))
                {
                    LogUnreadableSender(logger, Text(e, "id") ?? "?");
                    continue;
                }
                // Without ACS's message id the event id keys the message: Event Grid keeps it on redelivery.
                var messageId = Text(data, "messageId") ?? Text(e, "id") ?? Guid.NewGuid().ToString("N");
                var at = DateTimeOffset.TryParse(Text(data, "receivedTimestamp"), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var stamp) ? stamp : clock.GetUtcNow();
                SmsKeyword keyword;
                try
                {
                    keyword = await handler.HandleAsync(new InboundSms(messageId, contact, Text(data, "message"), at), ct);
                }
                catch (Exception ex) when (ChannelSenders.IsTransient(ex))
                {
                    LogReplyFailed(logger, ex.GetType().Name, ex.Message);
                    return new InboundDelivery.ReplyNotSent();
                }
                switch (keyword.Intent)
                {
                    case SmsKeywordIntent.OptOut: optedOut++; break;
                    case SmsKeywordIntent.OptIn: optedIn++; break;
                    case SmsKeywordIntent.Help: help++; break;
                }
            }
            return new InboundDelivery.Handled(new InboundResult(received, optedOut, optedIn, help));
        }
    }

    /// <summary>Event Grid and ACS spell property names in either case; read them case-insensitively.</summary>
    private static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value.ValueKind == JsonValueKind.String ? StringOrNull(property.Value) : property.Value.ToString();
        }
        return null;
    }

    /// <summary>A lone surrogate escape (<c>"\ud800"</c>) is valid JSON but no .NET string: such a field counts as absent.</summary>
    private static string? StringOrNull(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "An inbound SMS reply was not sent ({ErrorType}: {Error}); the webhook answers 503 for a redelivery")]
    private static partial void LogReplyFailed(ILogger logger, string errorType, string error);

    [LoggerMessage(LogLevel.Warning, "Inbound SMS event {EventId} has no readable sender number")]
    private static partial void LogUnreadableSender(ILogger logger, string eventId);
}
