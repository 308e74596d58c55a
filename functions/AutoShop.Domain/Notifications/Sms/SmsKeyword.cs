using System.Collections.Frozen;

namespace AutoShop.Domain.Notifications;

public enum SmsKeywordIntent
{
    /// <summary>An ordinary reply for the shop: changes nothing.</summary>
    None,
    OptOut,
    OptIn,
    Help,
}

/// <summary>
/// What an inbound SMS asks for. Opt-out keywords are the FCC's (Report and Order FCC 24-24,
/// 47 CFR 64.1200(a)(10): stop, quit, end, revoke, opt out, cancel, unsubscribe) plus the carriers'
/// STOPALL; opt-in is START/UNSTOP and help is HELP/INFO. A keyword counts in any case and
/// with any punctuation around it, alone or repeated ("STOP.", "stop stop", "Opt-Out!"). The
/// FCC also requires honouring other wording a reasonable person reads as revocation; the
/// conservative phrase rules for that are in <see cref="SmsRevocationPhrases"/>.
/// </summary>
/// <param name="Keyword">The keyword matched, upper case ("OPT OUT"), or null for free text and no match.</param>
/// <param name="FreeText">True when the intent was read from wording rather than a keyword.</param>
public readonly record struct SmsKeyword(SmsKeywordIntent Intent, string? Keyword, bool FreeText = false)
{
    private static readonly FrozenDictionary<string, (SmsKeywordIntent Intent, string Keyword)> Keywords =
        new Dictionary<string, (SmsKeywordIntent, string)>
        {
            ["STOP"] = (SmsKeywordIntent.OptOut, "STOP"),
            ["STOPALL"] = (SmsKeywordIntent.OptOut, "STOPALL"),
            ["STOP ALL"] = (SmsKeywordIntent.OptOut, "STOPALL"),
            ["QUIT"] = (SmsKeywordIntent.OptOut, "QUIT"),
            ["END"] = (SmsKeywordIntent.OptOut, "END"),
            ["REVOKE"] = (SmsKeywordIntent.OptOut, "REVOKE"),
            ["OPT OUT"] = (SmsKeywordIntent.OptOut, "OPT OUT"),
            ["OPTOUT"] = (SmsKeywordIntent.OptOut, "OPT OUT"),
            ["CANCEL"] = (SmsKeywordIntent.OptOut, "CANCEL"),
            ["UNSUBSCRIBE"] = (SmsKeywordIntent.OptOut, "UNSUBSCRIBE"),
            ["START"] = (SmsKeywordIntent.OptIn, "START"),
            ["UNSTOP"] = (SmsKeywordIntent.OptIn, "UNSTOP"),
            ["HELP"] = (SmsKeywordIntent.Help, "HELP"),
            ["INFO"] = (SmsKeywordIntent.Help, "INFO"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Opt-out keywords that still mean "stop texting me" with a courtesy word around them
    /// ("stop please", "unsubscribe me"). CANCEL, END and QUIT do not: at a repair shop "cancel
    /// please" is as likely about the appointment, so only the bare keyword counts for them.
    /// </summary>
    private static readonly FrozenSet<string> Unambiguous = new[] { "STOP", "STOPALL", "REVOKE", "OPT OUT", "UNSUBSCRIBE" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The opt-out keywords in the FCC's list and the carriers' set, as <see cref="Keyword"/> reports them.</summary>
    public static IReadOnlyList<string> OptOutKeywords { get; } = ["STOP", "STOPALL", "QUIT", "END", "REVOKE", "OPT OUT", "CANCEL", "UNSUBSCRIBE"];

    public static SmsKeyword None { get; } = new(SmsKeywordIntent.None, null);

    public static SmsKeyword Parse(string? text)
    {
        var words = SmsReplyText.Words(text);
        if (words.Count == 0) return None;
        if (Units(words) is { } keyword) return keyword;

        var core = SmsRevocationPhrases.WithoutCourtesy(words, SmsRevocationPhrases.KeywordCourtesy);
        if (core.Count > 0 && Units(core) is { Intent: SmsKeywordIntent.OptOut, Keyword: { } k } courteous && Unambiguous.Contains(k))
            return courteous;

        return SmsRevocationPhrases.IsRevocation(words) ? new SmsKeyword(SmsKeywordIntent.OptOut, null, FreeText: true) : None;
    }

    /// <summary>
    /// The words as keywords ("OPT OUT" and "STOP ALL" are one keyword of two words), when every
    /// word belongs to one and all ask for the same thing; else null.
    /// </summary>
    private static SmsKeyword? Units(IReadOnlyList<string> words)
    {
        (SmsKeywordIntent Intent, string Keyword)? first = null;
        for (var i = 0; i < words.Count;)
        {
            (SmsKeywordIntent Intent, string Keyword) unit;
            if (i + 1 < words.Count && Keywords.TryGetValue(words[i] + " " + words[i + 1], out var pair)) { unit = pair; i += 2; }
            else if (Keywords.TryGetValue(words[i], out var single)) { unit = single; i += 1; }
            else return null;
            if (first is { } f && f.Intent != unit.Intent) return null;
            first ??= unit;
        }
        return first is { } found ? new SmsKeyword(found.Intent, found.Keyword) : null;
    }
}
