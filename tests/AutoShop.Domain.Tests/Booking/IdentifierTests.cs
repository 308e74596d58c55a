using AutoShop.Domain.Booking;

namespace AutoShop.Domain.Tests.Booking;

public class IdentifierTests
{
    [Theory]
    [InlineData("t-01")]
    [InlineData("downtown")]
    [InlineData("a")]
    public void Lower_case_slugs_are_valid_ids(string text)
    {
        Assert.Equal(text, TechnicianId.Parse(text).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("Bay-1")]
    [InlineData("bay_1")]
    [InlineData("-bay")]
    public void Ids_that_could_break_a_table_key_are_rejected(string text)
    {
        Assert.True(BayId.TryParse(text).IsFailure);
    }

    [Fact]
    public void Ids_longer_than_64_characters_are_rejected()
    {
        Assert.True(ShopId.TryParse(new string('a', 64)).IsSuccess);
        Assert.Contains("64", ShopId.TryParse(new string('a', 65)).Error.Message);
    }

    [Fact]
    public void Catalog_codes_are_trimmed_and_lower_cased()
    {
        Assert.Equal("brake-pads", ServiceCode.Parse(" Brake-Pads ").Value);
        Assert.Equal(Skill.Parse("EV-High-Voltage"), Skill.Parse("ev-high-voltage"));
    }

    [Fact]
    public void An_appointment_id_minted_from_a_guid_is_a_valid_key()
    {
        var id = AppointmentId.FromGuid(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"));

        Assert.Equal("0f8fad5bd9cb469fa16570867728950e", id.Value);
        Assert.True(AppointmentId.TryParse(id.Value).IsSuccess);
    }

    [Fact]
    public void Skus_are_upper_cased()
    {
        Assert.Equal("BRK-PAD-01", Sku.Parse("brk-pad-01").Value);
        Assert.True(Sku.TryParse("brk/pad").IsFailure);
    }
}
