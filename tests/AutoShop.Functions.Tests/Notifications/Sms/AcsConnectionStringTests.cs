using AutoShop.Functions.Notifications.Sms;

namespace AutoShop.Functions.Tests.Notifications.Sms;

public class AcsConnectionStringTests
{
    private const string Key = "YXV0b3Nob3AtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";

    [Theory]
    [InlineData($"endpoint=https://contoso.communication.azure.com/;accesskey={Key}")]
    [InlineData($" Endpoint = https://contoso.communication.azure.com/ ; AccessKey = {Key} ;")]
    [InlineData($"accesskey={Key};endpoint=https://contoso.communication.azure.com")]
    public void A_connection_string_yields_the_endpoint_and_the_decoded_key(string text)
    {
        var parsed = AcsConnectionString.Parse(text);

        Assert.Equal("contoso.communication.azure.com", parsed.Endpoint.Host);
        Assert.Equal("autoshop-test-key-0123456789abcdef"u8.ToArray(), parsed.AccessKey.ToArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData($"accesskey={Key}")]
    [InlineData("endpoint=https://contoso.communication.azure.com/")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=not base64!")]
    [InlineData($"endpoint=http://contoso.communication.azure.com/;accesskey={Key}")]
    [InlineData($"endpoint=contoso;accesskey={Key}")]
    public void A_malformed_connection_string_is_refused_with_a_reason(string? text)
    {
        Assert.False(AcsConnectionString.TryParse(text, out _, out var error));
        Assert.Contains("ACS", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AcsConnectionString.Parse(text));
    }

    [Fact]
    public void Plain_http_is_accepted_for_a_loopback_dev_sink() =>
        Assert.True(AcsConnectionString.TryParse($"endpoint=http://127.0.0.1:7071/;accesskey={Key}", out _, out _));

    [Fact]
    public void The_key_never_appears_in_the_text_form() =>
        Assert.DoesNotContain(Key, AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={Key}").ToString(), StringComparison.Ordinal);
}
