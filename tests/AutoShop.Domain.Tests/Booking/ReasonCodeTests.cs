using AutoShop.Domain.Booking;

namespace AutoShop.Domain.Tests.Booking;

public class ReasonCodeTests
{
    [Theory]
    [InlineData("customer-request")]
    [InlineData("Parts-Unavailable")]
    [InlineData(" other ")]
    public void Codes_from_the_vocabulary_are_accepted(string text)
    {
        Assert.True(ReasonCode.TryParse(text).IsSuccess);
    }

    [Fact]
    public void An_unknown_code_is_rejected_listing_the_known_ones()
    {
        var result = ReasonCode.TryParse("felt-like-it");

        Assert.Contains("customer-request", result.Error.Message);
    }

    [Fact]
    public void Every_code_in_the_vocabulary_has_a_description()
    {
        Assert.All(ReasonCode.Vocabulary, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value)));
        Assert.Equal(21, ReasonCode.Vocabulary.Count);
    }
}
