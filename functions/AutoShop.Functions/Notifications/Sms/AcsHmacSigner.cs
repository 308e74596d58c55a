using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>
/// Signs a request the way Communication Services checks it: HMAC-SHA256 over
/// <c>VERB\npath?query\n{x-ms-date};{host};{x-ms-content-sha256}</c> with the decoded access key,
/// sent as <c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=...</c>.
/// </summary>
public sealed class AcsHmacSigner(AcsConnectionString connection, TimeProvider timeProvider)
{
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    /// <summary>Reads the body to hash it; use <see cref="Sign(HttpRequestMessage, ReadOnlySpan{byte})"/> when the bytes are at hand.</summary>
    public async Task SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Sign(request, body);
    }

    public void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body)
    {
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new InvalidOperationException("Sign a request with an absolute URI; the host is part of the signature.");

        // The service rejects requests whose x-ms-date is more than a few minutes off its clock.
        var date = timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var host = uri.Authority;
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var stringToSign = $"{request.Method.Method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{host};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(connection.AccessKey.Span, Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.Remove("x-ms-date");
        request.Headers.Remove("x-ms-content-sha256");
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", contentHash);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}");
    }
}
