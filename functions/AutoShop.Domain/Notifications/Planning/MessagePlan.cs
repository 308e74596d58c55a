namespace AutoShop.Domain.Notifications;

/// <summary>Why a channel was left out. <see cref="MessagePlans.Code"/> gives the stable reason code for logs and audit.</summary>
public enum SkipReason
{
    EmailOptedOut,
    SmsOptedOut,
    NoEmailAddress,
    NoPhoneNumber,
    ChannelNotPreferred,
}

public sealed record PlannedMessage(MessageKind Kind, Channel Channel, Language Language);

public sealed record SkippedChannel(Channel Channel, SkipReason Reason)
{
    public string ReasonCode => Reason.Code();
}

/// <summary>What to send for one message kind, and why any channel was left out.</summary>
public sealed record MessagePlan(MessageKind Kind, IReadOnlyList<PlannedMessage> Sends, IReadOnlyList<SkippedChannel> Skips)
{
    public bool SendsNothing => Sends.Count == 0;
}

public static class MessagePlans
{
    public static string Code(this SkipReason reason) => reason switch
    {
        SkipReason.EmailOptedOut => "email-opted-out",
        SkipReason.SmsOptedOut => "sms-opted-out",
        SkipReason.NoEmailAddress => "no-email-address",
        SkipReason.NoPhoneNumber => "no-phone-number",
        SkipReason.ChannelNotPreferred => "channel-not-preferred",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown skip reason."),
    };
}
