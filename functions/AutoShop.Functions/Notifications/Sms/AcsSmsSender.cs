using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>Settings for <see cref="AcsSmsSender"/>: which resource, which sending number.</summary>
/// <param name="From">The ACS phone number (E.164) or alphanumeric sender the message comes from.</param>
public sealed record AcsSmsSenderSettings(AcsConnectionString Connection, string From, bool EnableDeliveryReport = true);

/// <summary>
/// Sends one SMS through the Communication Services REST API (no SDK: the feed does not serve
/// it). Transport failures (DNS, TLS, timeouts) throw as HttpClient does, so the queue message
/// is retried; everything ACS answers comes back as an <see cref="SmsSendOutcome"/>.
/// </summary>
public sealed partial class AcsSmsSender(HttpClient httpClient, AcsSmsSenderSettings settings, TimeProvider timeProvider)
{
    public const string ApiVersion = "2021-03-07";

    private const int MaxLength = 2048;

    private readonly AcsHmacSigner signer = new(settings.Connection, timeProvider);

    public async Task<SmsSendOutcome> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        if (!E164().IsMatch(message.To))
            return new SmsInvalid($"'{message.To}' is not an E.164 phone number (+ and 8 to 15 digits).");
        if (string.IsNullOrWhiteSpace(message.Text) || message.Text.Length > MaxLength)
            return new SmsInvalid($"An SMS needs 1 to {MaxLength} characters; this one has {message.Text.Length}.");

        var requestId = RepeatabilityRequestId(message.DedupeKey);
        var firstSent = (message.FirstAttemptAt ?? timeProvider.GetUtcNow()).ToString("r", CultureInfo.InvariantCulture);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new AcsSmsRequest(
                settings.From,
                [new AcsSmsRecipient(message.To, requestId.ToString(), firstSent)],
                message.Text,
                new AcsSmsSendOptions(settings.EnableDeliveryReport, message.Tag)),
            AcsSmsJsonContext.Default.AcsSmsRequest);

        using var request = new HttpRequestMessage(HttpMethod.Post, SmsUri(settings.Connection.Endpoint));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        signer.Sign(request, body);

        using var response = await httpClient.SendAsync(request, cancellationToken);
        var responseText = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            return new SmsRequestFailed(response.StatusCode, Shorten(responseText));

        var result = ReadResult(responseText, message.To);
        return result switch
        {
            null => new SmsRequestFailed(response.StatusCode, "ACS answered 202 without a result for the recipient."),
            { Successful: true, MessageId: { Length: > 0 } id } => new SmsAccepted(message.To, id, requestId),
            _ => new SmsRecipientRejected(message.To, result.HttpStatusCode, result.ErrorMessage),
        };
    }

    /// <summary>A GUID derived from the dedupe key, so every retry of one message carries the same id.</summary>
    public static Guid RepeatabilityRequestId(string dedupeKey) => DeterministicGuid.From(DeterministicGuid.SmsNamespace, dedupeKey);

    internal static Uri SmsUri(Uri endpoint) =>
        new($"{endpoint.GetLeftPart(UriPartial.Authority)}{endpoint.AbsolutePath.TrimEnd('/')}/sms?api-version={ApiVersion}");

    private static AcsSmsRecipientResult? ReadResult(string json, string to)
    {
        try
        {
            var results = JsonSerializer.Deserialize(json, AcsSmsJsonContext.Default.AcsSmsResponse)?.Value ?? [];
            return results.FirstOrDefault(r => r.To == to) ?? (results.Count == 1 ? results[0] : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();
}
