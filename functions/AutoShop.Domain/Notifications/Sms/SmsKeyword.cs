using System.Collections.Frozen;

namespace AutoShop.Domain.Notifications;

public enum SmsKeywordIntent
{
    /// <summary>An ordinary reply; keywords only count when they are the whole message.</summary>
    None,
    OptOut,
    OptIn,
    Help,
}

/// <summary>
/// The carrier keywords in an inbound SMS. "STOP" opts out; "please stop the work" is a message
/// for the shop, not an opt-out, so a keyword must be the whole (trimmed) text.
/// </summary>
public readonly record struct SmsKeyword(SmsKeywordIntent Intent, string? Keyword)
{
    private static readonly FrozenDictionary<string, SmsKeywordIntent> Keywords = new Dictionary<string, SmsKeywordIntent>
    {
        ["STOP"] = SmsKeywordIntent.OptOut,
        ["STOPALL"] = SmsKeywordIntent.OptOut,
        ["UNSUBSCRIBE"] = SmsKeywordIntent.OptOut,
        ["CANCEL"] = SmsKeywordIntent.OptOut,
        ["END"] = SmsKeywordIntent.OptOut,
        ["QUIT"] = SmsKeywordIntent.OptOut,
        ["REVOKE"] = SmsKeywordIntent.OptOut,
        ["OPTOUT"] = SmsKeywordIntent.OptOut,
        ["START"] = SmsKeywordIntent.OptIn,
        ["UNSTOP"] = SmsKeywordIntent.OptIn,
        ["HELP"] = SmsKeywordIntent.Help,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static SmsKeyword None { get; } = new(SmsKeywordIntent.None, null);

    public static SmsKeyword Parse(string? text)
    {
        var trimmed = text?.Trim();
        return trimmed is not null && Keywords.TryGetValue(trimmed, out var intent)
            ? new SmsKeyword(intent, trimmed.ToUpperInvariant())
            : None;
    }
}
