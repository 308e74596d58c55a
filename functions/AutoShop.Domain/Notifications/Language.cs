using System.Globalization;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// A language we have templates for. Anything we do not speak falls back to English rather
/// than failing: a customer who asked for French still needs to hear about their appointment.
/// </summary>
public sealed record Language
{
    public static readonly Language En = new("en", "en-US");
    public static readonly Language Es = new("es", "es-US");

    private Language(string code, string cultureName)
    {
        Code = code;
        Culture = CultureInfo.GetCultureInfo(cultureName);
    }

    public static IReadOnlyList<Language> All { get; } = [En, Es];

    /// <summary>Two-letter code: <c>en</c> or <c>es</c>.</summary>
    public string Code { get; }

    /// <summary>
    /// Culture for month and day names and numbers. US variants because our shops are in the
    /// US; the date patterns themselves are fixed in <see cref="AppointmentTimeText"/>.
    /// </summary>
    public CultureInfo Culture { get; }

    /// <summary>Reads a BCP 47 tag (<c>es</c>, <c>es-MX</c>, <c>EN</c>); unknown or missing tags mean English.</summary>
    public static Language FromTag(string? tag)
    {
        var primary = tag?.Trim().Split('-', '_')[0];
        return string.Equals(primary, Es.Code, StringComparison.OrdinalIgnoreCase) ? Es : En;
    }

    public override string ToString() => Code;
}
