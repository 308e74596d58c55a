using AutoShop.Functions.Links;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Links;

public class LinkTokensTests
{
    private const string KeyA = "a1:YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=";
    private const string KeyB = "b2:YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI=";
    private const string KeyC = "c3:Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2M=";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private LinkTokens With(string current, string? previous = null) =>
        new(Options.Create(new SignedLinkOptions { PublicBaseUrl = new Uri("http://localhost"), SigningKeys = new() { Current = current, Previous = previous } }), clock);

    [Fact]
    public void A_token_signed_with_the_previous_key_still_verifies_during_a_rotation()
    {
        var issued = With(KeyA).Issue(LinkPurpose.Manage, "appt-1", 0, clock.GetUtcNow().AddDays(1));

        Assert.Equal(LinkProblem.None, With(KeyB, previous: KeyA).Verify(issued, LinkPurpose.Manage, out var claims));
        Assert.Equal("appt-1", claims.Subject);
    }

    [Fact]
    public void A_token_whose_key_was_retired_is_rejected()
    {
        var issued = With(KeyA).Issue(LinkPurpose.Manage, "appt-1", 0, clock.GetUtcNow().AddDays(1));

        Assert.Equal(LinkProblem.UnknownKey, With(KeyC, previous: KeyB).Verify(issued, LinkPurpose.Manage, out _));
    }

    [Fact]
    public void A_token_re_signed_with_an_attackers_key_under_a_known_key_id_is_rejected()
    {
        var forged = With("a1:" + KeyC.Split(':')[1]).Issue(LinkPurpose.Manage, "appt-1", 0, clock.GetUtcNow().AddDays(1));

        Assert.Equal(LinkProblem.BadSignature, With(KeyA).Verify(forged, LinkPurpose.Manage, out _));
    }

    [Fact]
    public void Purpose_and_expiry_are_checked()
    {
        var tokens = With(KeyA);
        var issued = tokens.Issue(LinkPurpose.Approve, "r-1|ana@example.com", 0, clock.GetUtcNow().AddHours(1));

        Assert.Equal(LinkProblem.WrongPurpose, tokens.Verify(issued, LinkPurpose.Manage, out _));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(LinkProblem.Expired, tokens.Verify(issued, LinkPurpose.Approve, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("!!!.???")]
    public void Garbage_is_malformed_not_an_exception(string token)
    {
        Assert.Equal(LinkProblem.Malformed, With(KeyA).Verify(token, LinkPurpose.Manage, out _));
    }

    [Fact]
    public void Fingerprints_name_a_token_without_revealing_it()
    {
        var issued = With(KeyA).Issue(LinkPurpose.Manage, "appt-1", 0, clock.GetUtcNow().AddDays(1));

        var fingerprint = LinkTokens.Fingerprint(issued);

        Assert.Equal(16, fingerprint.Length);
        Assert.DoesNotContain(fingerprint, issued);
    }
}
