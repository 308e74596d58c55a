using AutoShop.Domain.Vehicles;

namespace AutoShop.Domain.Tests.Vehicles;

public class VinTests
{
    [Theory]
    [InlineData("1M8GDM9AXKP042788")]
    [InlineData("1m8gdm9axkp042788")]
    [InlineData("11111111111111111")]
    [InlineData("5YJ3E1EAXKF317777")]
    public void A_North_American_VIN_with_a_correct_check_digit_is_accepted_in_upper_case(string typed)
    {
        var vin = Vin.TryParse(typed);

        Assert.True(vin.IsSuccess, vin.ToString());
        Assert.Equal(typed.ToUpperInvariant(), vin.Value.Value);
        Assert.True(vin.Value.HasValidCheckDigit);
    }

    [Fact]
    public void A_North_American_VIN_with_a_wrong_check_digit_is_rejected()
    {
        var vin = Vin.TryParse("1M8GDM9A1KP042788");

        Assert.Contains("check digit", vin.Error.Message);
    }

    [Fact]
    public void A_European_VIN_is_accepted_without_a_check_digit()
    {
        var vin = Vin.TryParse("WVWZZZ1JZXW000001");

        Assert.True(vin.IsSuccess);
        Assert.False(vin.Value.HasValidCheckDigit);
    }

    [Theory]
    [InlineData("1M8GDM9AXKP04278", "exactly 17")]
    [InlineData("1M8GDM9AXKP0427880", "exactly 17")]
    [InlineData("1M8GDM9AXKPO42788", "'O'")]
    [InlineData("IM8GDM9AXKP042788", "'I'")]
    [InlineData("1M8GDM9AXKP04278Q", "'Q'")]
    [InlineData("1M8GDM9AXKP04278-", "'-'")]
    public void A_malformed_VIN_is_rejected_saying_why(string typed, string reason)
    {
        Assert.Contains(reason, Vin.TryParse(typed).Error.Message);
    }
}
