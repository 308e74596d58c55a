using System.Text;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// An inbound SMS reduced to the words that matter for keywords: Unicode compatibility forms
/// folded (full-width letters, ligatures), upper case, apostrophes dropped inside words
/// ("don’t" is DONT), and everything that is not a letter or digit treated as a separator, so
/// "STOP.", " stop!! ", "opt-out" and "Opt Out" read as STOP, STOP, OPT OUT and OPT OUT.
/// </summary>
internal static class SmsReplyText
{
    /// <summary>Longer replies are conversations, never keywords; this also bounds the work per message.</summary>
    public const int MaxLength = 320;

    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength) return [];
        var folded = text.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
                word.Append(c);
            else if (!IsApostrophe(c) && word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0) words.Add(word.ToString());
        return words;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4';
}
