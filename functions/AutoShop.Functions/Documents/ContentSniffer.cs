using System.Text;

namespace AutoShop.Functions.Documents;

public enum DocumentKind
{
    Note,
    Photo,
    DiagnosticReport,
}

/// <summary>A stored type, decided from the bytes alone.</summary>
public sealed record DetectedType(DocumentKind Kind, string ContentType, string Extension)
{
    public static readonly DetectedType Jpeg = new(DocumentKind.Photo, "image/jpeg", ".jpg");
    public static readonly DetectedType Png = new(DocumentKind.Photo, "image/png", ".png");
    public static readonly DetectedType Heic = new(DocumentKind.Photo, "image/heic", ".heic");
    public static readonly DetectedType Pdf = new(DocumentKind.DiagnosticReport, "application/pdf", ".pdf");
    public static readonly DetectedType Text = new(DocumentKind.Note, "text/plain; charset=utf-8", ".txt");
}

/// <summary>
/// Decides what a file is from its magic bytes — never from its name or declared type, both of which
/// the sender controls — and refuses polyglots: a file that is also readable as HTML or script by a
/// browser that sniffs, whatever its first bytes say.
/// </summary>
public static class ContentSniffer
{
    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];
    private static readonly string[] MarkupMarkers = ["<html", "<script", "<!doctype html", "<iframe", "<svg", "<body", "<object", "<embed"];

    /// <summary>The type, or null when the bytes are none of the accepted kinds.</summary>
    public static DetectedType? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return DetectedType.Jpeg;
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return DetectedType.Png;
        if (content.StartsWith("%PDF-"u8)) return DetectedType.Pdf;
        if (content.Length >= 12 && content[4..8].SequenceEqual("ftyp"u8) && HeifBrands.Contains(Encoding.ASCII.GetString(content[8..12]))) return DetectedType.Heic;
        return IsPlainText(content) ? DetectedType.Text : null;
    }

    /// <summary>Whether the bytes carry markup a browser would run or render, anywhere in the file (ASCII, case-insensitive).</summary>
    public static string? FindMarkup(ReadOnlySpan<byte> content)
    {
        // One lower-cased copy, then vectorised searches: fast enough for the largest allowed file.
        var lowered = new byte[content.Length];
        for (var i = 0; i < content.Length; i++) lowered[i] = content[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(content[i] + 32) : content[i];
        foreach (var marker in MarkupMarkers)
        {
            if (lowered.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker)) >= 0) return marker;
        }
        return null;
    }

    /// <summary>UTF-8 text without NULs or control characters other than tab and line breaks.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty) return false;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return !text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));
    }
}
