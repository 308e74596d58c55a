namespace AutoShop.Domain.Notifications;

public enum Channel
{
    Email,
    Sms,
}

public static class Channels
{
    public static IReadOnlyList<Channel> All { get; } = Enum.GetValues<Channel>();

    public static string Code(this Channel channel) => channel switch
    {
        Channel.Email => "email",
        Channel.Sms => "sms",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    public static bool TryParse(string? code, out Channel channel)
    {
        var trimmed = code?.Trim();
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Code(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                channel = candidate;
                return true;
            }
        }

        channel = default;
        return false;
    }
}
