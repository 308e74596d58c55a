using System.Collections.Frozen;

namespace AutoShop.Domain.Notifications;

/// <summary>The GSM 03.38 default alphabet: which characters an SMS can carry in 7 bits.</summary>
internal static class Gsm7
{
    // Basic table, in code order (0x1B, the escape to the extension table, is not a character).
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // Extension table: each costs an escape septet plus itself.
    private const string Extension = "\f^{}\\[~]|€";

    private static readonly FrozenSet<char> BasicSet = Basic.ToFrozenSet();
    private static readonly FrozenSet<char> ExtensionSet = Extension.ToFrozenSet();

    /// <summary>Septets the character takes: 1, 2 (extension table), or 0 when GSM-7 cannot carry it.</summary>
    public static int Septets(char c) => BasicSet.Contains(c) ? 1 : ExtensionSet.Contains(c) ? 2 : 0;

    public static bool CanEncode(string text) => text.All(c => Septets(c) > 0);

    /// <summary>The distinct characters that force UCS-2, in order of appearance.</summary>
    public static IReadOnlyList<string> CharactersOutside(string text) => text.EnumerateRunes()
        .Where(r => !r.IsBmp || Septets((char)r.Value) == 0)
        .Select(r => r.ToString())
        .Distinct(StringComparer.Ordinal)
        .ToList();
}
