using AutoShop.Domain.Notifications;

namespace AutoShop.Domain.Tests.Notifications;

public class LanguageAndKindTests
{
    [Theory]
    [InlineData("es", "es")]
    [InlineData("ES", "es")]
    [InlineData("es-MX", "es")]
    [InlineData(" es_US ", "es")]
    [InlineData("en", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("fr", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    public void A_language_tag_maps_to_spanish_or_falls_back_to_english(string? tag, string expected) =>
        Assert.Equal(expected, Language.FromTag(tag).Code);

    [Fact]
    public void Every_message_kind_round_trips_through_its_code()
    {
        foreach (var kind in MessageKinds.All)
        {
            Assert.True(MessageKinds.TryParse(kind.Code().ToUpperInvariant(), out var parsed));
            Assert.Equal(kind, parsed);
        }
    }

    [Fact]
    public void Kind_codes_are_the_documented_file_names() =>
        Assert.Equal(
            ["confirmation", "reminder", "rescheduled", "cancelled", "follow-up", "exception-pending", "exception-approved", "exception-denied"],
            MessageKinds.All.Select(k => k.Code()));

    [Fact]
    public void An_unknown_kind_code_does_not_parse() => Assert.False(MessageKinds.TryParse("invoice", out _));

    [Fact]
    public void Only_the_three_exception_kinds_are_about_an_exception() =>
        Assert.Equal(
            [MessageKind.ExceptionPending, MessageKind.ExceptionApproved, MessageKind.ExceptionDenied],
            MessageKinds.All.Where(k => k.IsAboutException()));

    [Fact]
    public void Channels_round_trip_through_their_codes()
    {
        Assert.True(Channels.TryParse("SMS", out var sms));
        Assert.Equal(Channel.Sms, sms);
        Assert.Equal("email", Channel.Email.Code());
        Assert.False(Channels.TryParse("fax", out _));
    }
}
