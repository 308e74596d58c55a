using AutoShop.Domain.Customers;

namespace AutoShop.Domain.Tests.Customers;

public class EmailAddressTests
{
    [Theory]
    [InlineData("Jane.Doe@Example.COM", "Jane.Doe@example.com")]
    [InlineData("  o'brien+cars@mail.example.org ", "o'brien+cars@mail.example.org")]
    [InlineData("ana@bücher.example", "ana@xn--bcher-kva.example")]
    public void The_domain_is_lower_cased_and_the_local_part_kept(string typed, string expected)
    {
        var email = EmailAddress.TryParse(typed);

        Assert.True(email.IsSuccess, email.ToString());
        Assert.Equal(expected, email.Value.Value);
    }

    [Theory]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("jane@")]
    [InlineData("jane@localhost")]
    [InlineData("jane..doe@example.com")]
    [InlineData(".jane@example.com")]
    [InlineData("jane doe@example.com")]
    [InlineData("jane@-example.com")]
    [InlineData("jane@example..com")]
    [InlineData("jane@192.168.0.1")]
    [InlineData("josé@example.com")]
    public void Malformed_addresses_are_rejected(string typed)
    {
        Assert.True(EmailAddress.TryParse(typed).IsFailure);
    }

    [Fact]
    public void An_address_longer_than_254_characters_is_rejected()
    {
        var local = new string('a', 60);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".com";

        var email = EmailAddress.TryParse($"{local}@{domain}");

        Assert.Contains("254", email.Error.Message);
    }
}
