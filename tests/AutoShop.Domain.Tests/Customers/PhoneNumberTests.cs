using AutoShop.Domain.Customers;

namespace AutoShop.Domain.Tests.Customers;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("(212) 555-0123", "US", "+12125550123")]
    [InlineData("212.555.0123", "US", "+12125550123")]
    [InlineData("+1 212 555 0123", "MX", "+12125550123")]
    [InlineData("602-555-0199", "us", "+16025550199")]
    [InlineData("55 1234 5678", "MX", "+525512345678")]
    public void A_number_is_normalised_to_E164_using_the_shops_region(string typed, string region, string expected)
    {
        var phone = PhoneNumber.TryParse(typed, region);

        Assert.True(phone.IsSuccess, phone.ToString());
        Assert.Equal(expected, phone.Value.E164);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("555-0123")]
    [InlineData("(212) 555-01234567")]
    [InlineData("call me")]
    public void An_invalid_number_is_rejected_naming_the_field(string typed)
    {
        var phone = PhoneNumber.TryParse(typed, "US", "customer.phone");

        Assert.True(phone.IsFailure);
        Assert.Equal("customer.phone", phone.Error.Field);
    }

    [Fact]
    public void An_unknown_region_is_rejected()
    {
        Assert.True(PhoneNumber.TryParse("212 555 0123", "XX").IsFailure);
    }

    [Fact]
    public void A_missing_number_is_required()
    {
        Assert.Equal("is required.", PhoneNumber.TryParse("  ", "US").Error.Message);
    }
}
