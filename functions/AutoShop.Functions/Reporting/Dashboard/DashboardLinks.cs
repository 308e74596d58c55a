using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoShop.Domain.Booking;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Reporting.Dashboard;

/// <summary>Who a valid dashboard link was minted for, for which shop, until when.</summary>
public sealed record DashboardAccess(string StaffId, ShopId Shop, DateTimeOffset ExpiresAt);

/// <summary>
/// Short-lived signed links to the ops dashboard and its CSV downloads, for browsers that cannot send
/// the staff key header: <c>v1.{keyId}.{payload}.{signature}</c>, HMAC-SHA256 over the first three
/// parts, the payload naming purpose, staff member (subject), shop and expiry. The key id lets a
/// rotated key's links live out their lifetime. Tokens are never logged.
/// </summary>
public sealed class DashboardLinks(IOptions<ReportingOptions> options, TimeProvider clock)
{
    public const string Purpose = "ops-dashboard";
    private const string Version = "v1";

    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.DashboardSigningKey);

    public (string Token, DateTimeOffset ExpiresAt) Mint(string staffId, ShopId shop)
    {
        var key = options.Value.DashboardSigningKey ?? throw new InvalidOperationException("Reporting__DashboardSigningKey is not set.");
        var expires = clock.GetUtcNow() + options.Value.DashboardLinkLifetime;
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(
            new LinkPayload(Purpose, staffId, shop.Value, expires.ToUnixTimeSeconds()), DashboardJsonContext.Default.LinkPayload));
        var signed = $"{Version}.{KeyId(key)}.{payload}";
        return ($"{signed}.{Base64Url.EncodeToString(Sign(key, signed))}", expires);
    }

    /// <summary>The access a token grants, or null when it is malformed, signed with an unknown key, forged, for another purpose or expired.</summary>
    public DashboardAccess? Validate(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not [Version, var keyId, var payload, var signature]) return null;
        var key = new[] { options.Value.DashboardSigningKey, options.Value.DashboardPreviousSigningKey }
            .FirstOrDefault(k => !string.IsNullOrEmpty(k) && KeyId(k) == keyId);
        if (key is null || !Base64Url.IsValid(signature) || !Base64Url.IsValid(payload)) return null;
        if (!CryptographicOperations.FixedTimeEquals(Sign(key, $"{Version}.{keyId}.{payload}"), Base64Url.DecodeFromChars(signature))) return null;
        LinkPayload? link;
        try
        {
            link = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(payload), DashboardJsonContext.Default.LinkPayload);
        }
        catch (JsonException)
        {
            return null; // signed by us, so only a bug could get here; refuse rather than guess
        }
        if (link is null || link.Purpose != Purpose || !ShopId.TryParse(link.Shop).TryGetValue(out var shop, out _)) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(link.Expires);
        return clock.GetUtcNow() < expires && !string.IsNullOrEmpty(link.Subject) ? new DashboardAccess(link.Subject, shop, expires) : null;
    }

    private static byte[] Sign(string key, string text) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(text));

    /// <summary>Names a key without revealing it: the first 8 hex digits of its SHA-256.</summary>
    private static string KeyId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
}

internal sealed record LinkPayload(
    [property: JsonPropertyName("p")] string Purpose,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("shop")] string Shop,
    [property: JsonPropertyName("exp")] long Expires);

[JsonSerializable(typeof(LinkPayload))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
