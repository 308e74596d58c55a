using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Links;

/// <summary>What a link lets its holder do.</summary>
public static class LinkPurpose
{
    public const string Manage = "manage";
    public const string Approve = "approve";
}

public sealed record LinkClaims(string KeyId, string Purpose, string Subject, int Version, DateTimeOffset ExpiresAt, string Nonce);

public enum LinkProblem { None, Malformed, UnknownKey, BadSignature, WrongPurpose, Expired }

/// <summary>
/// Compact signed tokens: <c>base64url(json payload).base64url(HMAC-SHA256)</c>. The payload names the
/// key id (for rotation), purpose, subject, version and expiry. Signatures are compared in constant
/// time; tokens are never logged — log <see cref="Fingerprint"/> instead.
/// </summary>
public sealed partial class LinkTokens(IOptions<SignedLinkOptions> options, TimeProvider clock)
{
    private sealed record Payload(
        [property: JsonPropertyName("k")] string KeyId, [property: JsonPropertyName("p")] string Purpose,
        [property: JsonPropertyName("s")] string Subject, [property: JsonPropertyName("v")] int Version,
        [property: JsonPropertyName("x")] long Expires, [property: JsonPropertyName("n")] string Nonce);

    public string Issue(string purpose, string subject, int version, DateTimeOffset expiresAt)
    {
        SigningKey.TryParse(options.Value.SigningKeys.Current, out var key, out _);
        var payload = new Payload(key.Id, purpose, subject, version, expiresAt.ToUnixTimeSeconds(), Convert.ToHexString(RandomNumberGenerator.GetBytes(6)));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload, LinkJsonContext.Default.Payload));
        return body + "." + Base64Url(Sign(key.Key, body));
    }

    public LinkProblem Verify(string? token, string purpose, out LinkClaims claims)
    {
        claims = null!;
        var dot = token?.IndexOf('.') ?? -1;
        if (token is null || token.Length > 1024 || dot <= 0) return LinkProblem.Malformed;
        var body = token[..dot];
        Payload? payload;
        byte[] signature;
        try
        {
            payload = JsonSerializer.Deserialize(FromBase64Url(body), LinkJsonContext.Default.Payload);
            signature = FromBase64Url(token[(dot + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return LinkProblem.Malformed;
        }
        if (payload is null) return LinkProblem.Malformed;
        var key = KeyFor(payload.KeyId);
        if (key is null) return LinkProblem.UnknownKey;
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(key.Key, body))) return LinkProblem.BadSignature;
        claims = new LinkClaims(payload.KeyId, payload.Purpose, payload.Subject, payload.Version,
            DateTimeOffset.FromUnixTimeSeconds(payload.Expires), payload.Nonce);
        if (payload.Purpose != purpose) return LinkProblem.WrongPurpose;
        return clock.GetUtcNow() >= claims.ExpiresAt ? LinkProblem.Expired : LinkProblem.None;
    }

    /// <summary>A stable, non-reversible name for a token, safe for logs and single-use records.</summary>
    public static string Fingerprint(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16].ToLowerInvariant();

    /// <summary>A form token bound to a link token and a page version: POSTs must echo it (CSRF protection).</summary>
    public string FormToken(string token, int version)
    {
        SigningKey.TryParse(options.Value.SigningKeys.Current, out var key, out _);
        return Base64Url(Sign(key.Key, $"form|{Fingerprint(token)}|{version}"));
    }

    public bool IsValidFormToken(string token, int version, string? presented)
    {
        if (presented is null) return false;
        byte[] bytes;
        try { bytes = FromBase64Url(presented); }
        catch (FormatException) { return false; }
        return new[] { options.Value.SigningKeys.Current, options.Value.SigningKeys.Previous }
            .Select(k => SigningKey.TryParse(k, out var key, out _) ? key : null).OfType<SigningKey>()
            .Any(k => CryptographicOperations.FixedTimeEquals(bytes, Sign(k.Key, $"form|{Fingerprint(token)}|{version}")));
    }

    private SigningKey? KeyFor(string id) =>
        new[] { options.Value.SigningKeys.Current, options.Value.SigningKeys.Previous }
            .Select(k => SigningKey.TryParse(k, out var key, out _) ? key : null)
            .FirstOrDefault(k => k is not null && k.Id == id);

    private static byte[] Sign(byte[] key, string body) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    [JsonSerializable(typeof(Payload))]
    private sealed partial class LinkJsonContext : JsonSerializerContext;
}
