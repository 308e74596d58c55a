namespace AutoShop.Domain.Notifications;

/// <summary>Decides which channels a message goes out on, and in which language.</summary>
public static class MessagePlanner
{
    /// <summary>
    /// Every channel is judged on its own, in this order: consent first (an opt-out is the reason
    /// that matters most to an auditor), then whether we can reach the customer there, then
    /// preference. The kind does not change the routing today; it is carried so the plan says
    /// what it is a plan for.
    /// </summary>
    public static MessagePlan Plan(MessageKind kind, RecipientPreferences preferences, RecipientContact contact)
    {
        var sends = new List<PlannedMessage>();
        var skips = new List<SkippedChannel>();
        foreach (var channel in Channels.All)
        {
            if (ReasonToSkip(channel, preferences, contact) is { } reason)
                skips.Add(new SkippedChannel(channel, reason));
            else
                sends.Add(new PlannedMessage(kind, channel, preferences.Language));
        }

        return new MessagePlan(kind, sends, skips);
    }

    private static SkipReason? ReasonToSkip(Channel channel, RecipientPreferences preferences, RecipientContact contact)
    {
        var (optedIn, reachable, optedOut, unreachable) = channel == Channel.Email
            ? (preferences.EmailOptIn, contact.HasEmailAddress, SkipReason.EmailOptedOut, SkipReason.NoEmailAddress)
            : (preferences.SmsOptIn, contact.HasPhoneNumber, SkipReason.SmsOptedOut, SkipReason.NoPhoneNumber);

        if (!optedIn)
            return optedOut;
        if (!reachable)
            return unreachable;
        if (preferences.PreferredChannels.Count > 0 && !preferences.PreferredChannels.Contains(channel))
            return SkipReason.ChannelNotPreferred;
        return null;
    }
}
