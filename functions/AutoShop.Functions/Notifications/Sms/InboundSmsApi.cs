using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Operability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>
/// Event Grid delivers ACS <c>Microsoft.Communication.SMSReceived</c> events here; each message
/// goes to <see cref="InboundSmsHandler"/> (opt-out, opt-in, help, or nothing). A reply that could
/// not be sent answers 503 so Event Grid delivers the batch again; what was already done is keyed
/// by each message's ACS id, so the redelivery repeats nothing and finishes what was left.
/// </summary>
public static partial class InboundSmsApi
{
    public const string SmsReceived = "Microsoft.Communication.SMSReceived";
    public const string SubscriptionValidation = "Microsoft.EventGrid.SubscriptionValidationEvent";

    /// <summary>The subscription handshake's answer: <c>{"validationResponse": code}</c>.</summary>
    public sealed record ValidationAnswer([property: System.Text.Json.Serialization.JsonPropertyName("validationResponse")] string Code);
    public sealed record InboundResult(int Received, int OptedOut, int OptedIn, int Help);

    public static IEndpointRouteBuilder MapInboundSms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sms/inbound", Receive)
            .WithName("ReceiveInboundSms")
            .WithTags("Notifications")
            .WithSummary("Event Grid webhook for ACS SMSReceived events (?code= shared secret): opt-out keywords and clear revocations, START/UNSTOP and HELP/INFO update consent or reply")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<ValidationAnswer>, Ok<InboundResult>, ProblemHttpResult>> Receive(string? code, HttpRequest request,
        IOptions<SmsOptions> sms, InboundSmsHandler handler, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!IsAuthorized(code, sms.Value.InboundWebhookKey))
            return TypedResults.Problem(title: "Not authorized", detail: "The webhook key is missing or wrong.", statusCode: StatusCodes.Status401Unauthorized);

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return Problems.Unprocessable("body", $"is not JSON: {ex.Message}", "Not an Event Grid delivery");
        }
        using (document)
        {
            var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            var logger = loggers.CreateLogger(typeof(InboundSmsApi));
            var (received, optedOut, optedIn, help) = (0, 0, 0, 0);
            foreach (var e in events)
            {
                var type = Text(e, "eventType");
                var data = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out var d) ? d : default;
                if (type == SubscriptionValidation)
                    return TypedResults.Ok(new ValidationAnswer(Text(data, "validationCode") ?? ""));
                if (type != SmsReceived || data.ValueKind != JsonValueKind.Object) continue;
                received++;
                if (!ContactKey.TryPhone(Text(data, "from"), out var contact))
                {
                    LogUnreadableSender(logger, Text(e, "id") ?? "?");
                    continue;
                }
                // Without ACS's message id the event id keys the message: Event Grid keeps it on redelivery.
                var messageId = Text(data, "messageId") ?? Text(e, "id") ?? Guid.NewGuid().ToString("N");
                var at = DateTimeOffset.TryParse(Text(data, "receivedTimestamp"), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var stamp) ? stamp : clock.GetUtcNow();
                SmsKeyword keyword;
                try
                {
                    keyword = await handler.HandleAsync(new InboundSms(messageId, contact, Text(data, "message"), at), ct);
                }
                catch (Exception ex) when (ChannelSenders.IsTransient(ex))
                {
                    LogReplyFailed(logger, ex.GetType().Name, ex.Message);
                    return TypedResults.Problem(title: "Reply not sent", statusCode: StatusCodes.Status503ServiceUnavailable,
                        detail: "A keyword reply could not be sent; deliver the event again.");
                }
                switch (keyword.Intent)
                {
                    case SmsKeywordIntent.OptOut: optedOut++; break;
                    case SmsKeywordIntent.OptIn: optedIn++; break;
                    case SmsKeywordIntent.Help: help++; break;
                }
            }
            return TypedResults.Ok(new InboundResult(received, optedOut, optedIn, help));
        }
    }

    /// <summary>Constant time, so the key cannot be guessed a character at a time; no key configured means the webhook is off.</summary>
    public static bool IsAuthorized(string? presented, string? expected) =>
        !string.IsNullOrEmpty(expected) && presented is not null &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

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
