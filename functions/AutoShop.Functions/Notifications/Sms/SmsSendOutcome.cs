using System.Net;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>One SMS to send. <see cref="DedupeKey"/> identifies the message across retries (e.g. a scheduled notification's key).</summary>
/// <param name="To">E.164 number: <c>+15185550147</c>.</param>
public sealed record SmsMessage(string To, string Text, string DedupeKey)
{
    /// <summary>Shows up in ACS delivery reports, e.g. the message kind.</summary>
    public string? Tag { get; init; }

    /// <summary>
    /// When the first attempt was made. ACS expects the same value on every retry, so callers that
    /// retry across process restarts pass the time they stored (such as the queue message's
    /// insertion time); null means now, right for a first attempt.
    /// </summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }
}

/// <summary>What happened to a send; every expected outcome is a value, never an exception.</summary>
public abstract record SmsSendOutcome;

/// <summary>ACS took the message for delivery.</summary>
public sealed record SmsAccepted(string To, string MessageId, Guid RepeatabilityRequestId) : SmsSendOutcome;

/// <summary>ACS accepted the request but refused this recipient (invalid number, opted out at the carrier, ...).</summary>
public sealed record SmsRecipientRejected(string To, int HttpStatusCode, string? ErrorMessage) : SmsSendOutcome
{
    public bool IsTransient => HttpStatusCode is 429 or >= 500;
}

/// <summary>The request itself failed: not 202, or a 202 whose body did not say what happened.</summary>
public sealed record SmsRequestFailed(HttpStatusCode StatusCode, string Detail) : SmsSendOutcome
{
    /// <summary>Worth retrying with the same dedupe key; ACS drops the duplicate if the first attempt did land.</summary>
    public bool IsTransient => StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || (int)StatusCode >= 500 || StatusCode == HttpStatusCode.Accepted;
}

/// <summary>Refused before calling ACS: the number or text cannot be sent as given.</summary>
public sealed record SmsInvalid(string Reason) : SmsSendOutcome;
