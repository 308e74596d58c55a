using AutoShop.Domain.Customers;

namespace AutoShop.Domain.Tests.Customers;

public class CustomerTests
{
    private static readonly EmailAddress Email = EmailAddress.Parse("jane@example.com");
    private static readonly PhoneNumber Phone = PhoneNumber.Parse("212 555 0123", "US");

    [Fact]
    public void A_preferred_channel_must_be_one_the_customer_opted_into()
    {
        var result = ContactPreferences.TryCreate(emailOptIn: true, smsOptIn: false, ContactChannels.Sms);

        Assert.Equal("preferredChannels", result.Error.Field);
    }

    [Fact]
    public void Opting_into_sms_needs_a_phone_number()
    {
        var preferences = ContactPreferences.TryCreate(false, true, ContactChannels.Sms).OrThrow();

        Assert.Equal("phone", Customer.TryCreate("Jane", Email, null, preferences).Error.Field);
        Assert.True(Customer.TryCreate("Jane", Email, Phone, preferences).IsSuccess);
    }

    [Fact]
    public void A_customer_without_any_way_to_reach_them_is_rejected()
    {
        var preferences = ContactPreferences.TryCreate(false, false, ContactChannels.None).OrThrow();

        Assert.True(Customer.TryCreate("Jane", null, null, preferences).IsFailure);
    }

    [Theory]
    [InlineData("en", ContactLanguage.En)]
    [InlineData("ES", ContactLanguage.Es)]
    public void Languages_are_english_or_spanish(string code, ContactLanguage expected)
    {
        Assert.Equal(expected, ContactPreferences.ParseLanguage(code).Value);
        Assert.True(ContactPreferences.ParseLanguage("fr").IsFailure);
    }
}
