using System.Text;
using AutoShop.Functions.Notifications.Sms;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Notifications.Sms;

public class AcsHmacSignerTests
{
    // Expected values were computed outside .NET (Python hashlib/hmac) from the string to sign below.
    private static readonly AcsConnectionString Connection =
        AcsConnectionString.Parse("endpoint=https://contoso.communication.azure.com/;accesskey=YXV0b3Nob3AtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZg==");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 15, 4, 5, TimeSpan.Zero));

    [Fact]
    public void A_post_is_signed_over_verb_path_query_date_host_and_body_hash()
    {
        // POST\n/sms?api-version=2021-03-07\nMon, 02 Mar 2026 15:04:05 GMT;contoso.communication.azure.com;qY7zDQ1OaLF2ufC8HSblOm2AinCvGkvBM9FeQYVi9lM=
        var body = Encoding.UTF8.GetBytes("""{"from":"+18005550100","message":"Hi Sam"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://contoso.communication.azure.com/sms?api-version=2021-03-07");

        new AcsHmacSigner(Connection, clock).Sign(request, body);

        Assert.Equal("Mon, 02 Mar 2026 15:04:05 GMT", Header(request, "x-ms-date"));
        Assert.Equal("qY7zDQ1OaLF2ufC8HSblOm2AinCvGkvBM9FeQYVi9lM=", Header(request, "x-ms-content-sha256"));
        Assert.Equal("contoso.communication.azure.com", request.Headers.Host);
        Assert.Equal(
            "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=KWoHU5TF4Utnjr9/Uew1TKTXSryAEKqred6qXu5T9ak=",
            Header(request, "Authorization"));
    }

    [Fact]
    public async Task A_request_without_body_signs_the_hash_of_nothing_and_keeps_a_non_default_port_in_the_host()
    {
        // GET\n/path/x?a=1&b=two\nMon, 02 Mar 2026 15:04:05 GMT;localhost:8443;47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://localhost:8443/path/x?a=1&b=two");

        await new AcsHmacSigner(Connection, clock).SignAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Header(request, "x-ms-content-sha256"));
        Assert.EndsWith("&Signature=ER0gq5UnN9/ma9Jp6al9LRnqe6DyClHgLK5bLebf/Vc=", Header(request, "Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_reads_the_body_from_the_content()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://contoso.communication.azure.com/sms?api-version=2021-03-07")
        {
            Content = new StringContent("""{"from":"+18005550100","message":"Hi Sam"}""", Encoding.UTF8, "application/json"),
        };

        await new AcsHmacSigner(Connection, clock).SignAsync(request, TestContext.Current.CancellationToken);

        Assert.EndsWith("&Signature=KWoHU5TF4Utnjr9/Uew1TKTXSryAEKqred6qXu5T9ak=", Header(request, "Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_again_replaces_the_headers_with_a_fresh_date()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://contoso.communication.azure.com/sms?api-version=2021-03-07");
        var signer = new AcsHmacSigner(Connection, clock);
        signer.Sign(request, []);

        clock.Advance(TimeSpan.FromMinutes(1));
        signer.Sign(request, []);

        Assert.Equal("Mon, 02 Mar 2026 15:05:05 GMT", Header(request, "x-ms-date"));
        Assert.Single(request.Headers.GetValues("Authorization"));
    }

    private static string Header(HttpRequestMessage request, string name) => Assert.Single(request.Headers.GetValues(name));
}
