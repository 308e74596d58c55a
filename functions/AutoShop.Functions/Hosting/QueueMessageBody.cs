using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace AutoShop.Functions.Hosting;

/// <summary>
/// Queue bodies as stored: base64 of UTF-8 text, as the Functions queue trigger reads them (host.json
/// <c>messageEncoding</c>) and as every producer here writes them. Bodies are read raw and decoded here,
/// so a body that is not base64 is one message to set aside, not an exception that fails the whole
/// receive it arrived in. Decoding accepts what <see cref="Convert.FromBase64String(string)"/> accepts,
/// as the storage SDK's base64 encoding does.
/// </summary>
public static class QueueMessageBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text a consumer reads from a raw body, or why there is none.</summary>
    public static bool TryDecode(string raw, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? problem)
    {
        text = null;
        if (!TryBase64(raw, out var bytes))
        {
            problem = "the body is not base64 (producers must send base64 of UTF-8 JSON)";
            return false;
        }
        try
        {
            text = StrictUtf8.GetString(bytes);
            problem = null;
            return true;
        }
        catch (DecoderFallbackException)
        {
            problem = "the body is base64, but what it encodes is not UTF-8 text";
            return false;
        }
    }

    /// <summary>
    /// The payload a producer meant: what the body encodes when it is base64, otherwise the body's own
    /// text (someone put the payload on the queue without encoding it).
    /// </summary>
    public static byte[] Payload(string raw) => TryBase64(raw, out var bytes) ? bytes : Encoding.UTF8.GetBytes(raw);

    /// <summary>The body a producer writes for a payload, as the queue trigger expects it.</summary>
    public static string Encode(ReadOnlySpan<byte> payload) => Convert.ToBase64String(payload);

    private static bool TryBase64(string raw, out byte[] bytes)
    {
        var buffer = new byte[raw.Length * 3 / 4 + 3];
        if (Convert.TryFromBase64String(raw, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }
        bytes = [];
        return false;
    }
}
