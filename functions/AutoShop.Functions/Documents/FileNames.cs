namespace AutoShop.Functions.Documents;

/// <summary>Original file names are shown, never used as paths: keep the last segment, drop what a file system or header could misread.</summary>
public static class FileNames
{
    public const int MaxLength = 100;
    private static readonly char[] Forbidden = ['<', '>', ':', '"', '/', '\\', '|', '?', '*', ';'];

    public static string Sanitize(string? name)
    {
        var last = (name ?? "").Split('/', '\\').LastOrDefault() ?? "";
        var cleaned = new string(last.Where(c => !char.IsControl(c) && !Forbidden.Contains(c) && c is not ('\u202E' or '\u202D' or '\u200E' or '\u200F')).ToArray())
            .Trim().Trim('.', ' ');
        if (cleaned.Length > MaxLength)
        {
            var ext = Path.GetExtension(cleaned);
            cleaned = ext.Length is > 0 and <= 10 ? cleaned[..(MaxLength - ext.Length)] + ext : cleaned[..MaxLength];
        }
        return cleaned.Length == 0 ? "document" : cleaned;
    }

    /// <summary>The name a download carries: the sanitised original with the extension of what the bytes really are.</summary>
    public static string ForDownload(string sanitized, string extension) =>
        string.Equals(Path.GetExtension(sanitized), extension, StringComparison.OrdinalIgnoreCase)
            ? sanitized
            : Path.GetFileNameWithoutExtension(sanitized) + extension;
}
