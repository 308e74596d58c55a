using System.ComponentModel.DataAnnotations;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>
/// SMS settings. With <see cref="ConnectionString"/> and <see cref="From"/> set, messages go
/// through Azure Communication Services; with neither, they go to the dev outbox table where
/// people and tests read them. One without the other is a mistake and stops the app.
/// </summary>
public sealed class SmsOptions : IValidatableObject
{
    public const string Section = "Sms";

    /// <summary>ACS connection string, <c>endpoint=https://...;accesskey=...</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The ACS number (E.164) or alphanumeric sender id messages come from.</summary>
    public string? From { get; set; }

    /// <summary>Ask ACS for delivery reports (Event Grid <c>SMSDeliveryReportReceived</c>).</summary>
    public bool EnableDeliveryReport { get; set; } = true;

    /// <summary>Shared secret the Event Grid subscription passes as <c>?code=</c> on the inbound webhook; empty disables the webhook.</summary>
    public string? InboundWebhookKey { get; set; }

    public bool UsesAcs => !string.IsNullOrWhiteSpace(ConnectionString);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnection = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasFrom = !string.IsNullOrWhiteSpace(From);
        if (hasConnection != hasFrom)
            yield return new ValidationResult(
                "Set both Sms__ConnectionString and Sms__From to send through ACS, or neither to use the dev SMS outbox.",
                [nameof(ConnectionString), nameof(From)]);
        if (hasConnection && !AcsConnectionString.TryParse(ConnectionString, out _, out var error))
            yield return new ValidationResult($"Sms__ConnectionString: {error}", [nameof(ConnectionString)]);
        if (!string.IsNullOrEmpty(InboundWebhookKey) && InboundWebhookKey.Length < 16)
            yield return new ValidationResult("Sms__InboundWebhookKey must be at least 16 characters.", [nameof(InboundWebhookKey)]);
    }
}
