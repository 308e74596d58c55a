using System.Diagnostics.CodeAnalysis;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>
/// An Azure Communication Services connection string, <c>endpoint=https://...;accesskey=...</c>.
/// The key is kept decoded and private; <see cref="ToString"/> shows only the endpoint, so the
/// value is safe to log.
/// </summary>
public sealed class AcsConnectionString
{
    private AcsConnectionString(Uri endpoint, byte[] accessKey)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
    }

    public Uri Endpoint { get; }

    /// <summary>The base64-decoded access key, the HMAC secret.</summary>
    internal ReadOnlyMemory<byte> AccessKey { get; }

    /// <summary>For configuration read at startup: a malformed value should stop the app with this message.</summary>
    public static AcsConnectionString Parse(string? text) =>
        TryParse(text, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out AcsConnectionString? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Only the first '=' separates: base64 keys end in '=' padding.
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0)
                parts[part[..separator].Trim()] = part[(separator + 1)..].Trim();
        }

        if (!parts.TryGetValue("endpoint", out var endpointText) || !Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint))
        {
            error = "The ACS connection string needs endpoint=https://<resource>.communication.azure.com/.";
            return false;
        }

        if (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)
        {
            error = "The ACS endpoint must use https (plain http is accepted for a loopback dev sink only).";
            return false;
        }

        var key = parts.GetValueOrDefault("accesskey") ?? "";
        var buffer = new byte[key.Length];
        if (key.Length == 0 || !Convert.TryFromBase64String(key, buffer, out var length))
        {
            error = "The ACS connection string needs accesskey=<base64 key>.";
            return false;
        }

        parsed = new AcsConnectionString(endpoint, buffer[..length]);
        error = null;
        return true;
    }

    public override string ToString() => $"endpoint={Endpoint}";
}
