using System.Text.Json.Serialization;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>Body of <c>POST {endpoint}/sms?api-version=2021-03-07</c>.</summary>
public sealed record AcsSmsRequest(string From, IReadOnlyList<AcsSmsRecipient> SmsRecipients, string Message, AcsSmsSendOptions SmsSendOptions);

/// <param name="To">E.164 number.</param>
/// <param name="RepeatabilityRequestId">The same GUID on every retry makes ACS send the message once.</param>
/// <param name="RepeatabilityFirstSent">RFC 1123 time of the first attempt, the same on every retry.</param>
public sealed record AcsSmsRecipient(string To, string RepeatabilityRequestId, string RepeatabilityFirstSent);

public sealed record AcsSmsSendOptions(bool EnableDeliveryReport, string? Tag);

/// <summary>The 202 body: one result per recipient, each to be checked.</summary>
public sealed record AcsSmsResponse(IReadOnlyList<AcsSmsRecipientResult> Value);

public sealed record AcsSmsRecipientResult(string To, string? MessageId, int HttpStatusCode, bool Successful, string? ErrorMessage);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcsSmsRequest))]
[JsonSerializable(typeof(AcsSmsResponse))]
internal sealed partial class AcsSmsJsonContext : JsonSerializerContext;
