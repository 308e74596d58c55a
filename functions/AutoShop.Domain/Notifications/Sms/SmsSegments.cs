namespace AutoShop.Domain.Notifications;

public enum SmsEncoding
{
    /// <summary>7-bit GSM alphabet: 160 septets in one message, 153 per part when concatenated.</summary>
    Gsm7,

    /// <summary>UTF-16 when any character is outside GSM-7: 70 code units alone, 67 per part.</summary>
    Ucs2,
}

/// <summary>How an SMS will be sent: its encoding, its length in that encoding's units, and how many billed parts.</summary>
public readonly record struct SmsSegmentCount(SmsEncoding Encoding, int Units, int Segments);

/// <summary>
/// Counts the parts a carrier bills for an SMS. Concatenated parts lose room to the
/// concatenation header, and a character is never split across parts (an extension-table
/// character's escape septet stays with it; a surrogate pair stays whole), so parts are packed
/// rather than divided.
/// </summary>
public static class SmsSegments
{
    private const int Gsm7Single = 160;
    private const int Gsm7Part = 153;
    private const int Ucs2Single = 70;
    private const int Ucs2Part = 67;

    public static SmsSegmentCount Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Gsm7.CanEncode(text)
            ? Pack(SmsEncoding.Gsm7, text.Select(Gsm7.Septets), Gsm7Single, Gsm7Part)
            : Pack(SmsEncoding.Ucs2, text.EnumerateRunes().Select(r => r.Utf16SequenceLength), Ucs2Single, Ucs2Part);
    }

    private static SmsSegmentCount Pack(SmsEncoding encoding, IEnumerable<int> widths, int single, int perPart)
    {
        var units = 0;
        var parts = 1;
        var used = 0;
        foreach (var width in widths)
        {
            units += width;
            if (used + width > perPart)
            {
                parts++;
                used = 0;
            }

            used += width;
        }

        var segments = units == 0 ? 0 : units <= single ? 1 : parts;
        return new SmsSegmentCount(encoding, units, segments);
    }
}
