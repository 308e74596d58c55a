using AutoShop.Domain.Notifications;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AutoShop.Domain.Tests.Notifications;

public class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Gsm7_text_fits_160_alone_and_153_per_concatenated_part(int length, int segments) =>
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, length, segments), SmsSegments.Count(new string('a', length)));

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void One_character_outside_gsm7_makes_it_ucs2_with_70_alone_and_67_per_part(int length, int segments) =>
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Ucs2, length, segments), SmsSegments.Count("á" + new string('a', length - 1)));

    [Theory]
    [InlineData("€")]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("\\")]
    [InlineData("^")]
    [InlineData("~")]
    [InlineData("|")]
    public void Extension_table_characters_cost_two_septets(string character)
    {
        var count = SmsSegments.Count(character + new string('a', 159));

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(161, count.Units);
        Assert.Equal(2, count.Segments);
    }

    [Theory]
    [InlineData("Hola, ¿qué tal? Mañana: ñ, é, ü, à, è, ì, ò, ù, ¡hasta luego!")]
    [InlineData("@£$¥ÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r")]
    public void Spanish_and_symbol_characters_of_the_basic_table_stay_gsm7(string text) =>
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(text).Encoding);

    [Theory]
    [InlineData("á")]
    [InlineData("í")]
    [InlineData("ó")]
    [InlineData("ú")]
    [InlineData("\u2019")]
    [InlineData("\u2013")]
    [InlineData("😀")]
    public void Common_characters_outside_gsm7_force_ucs2(string character) =>
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count("ok " + character).Encoding);

    [Fact]
    public void An_escape_sequence_is_never_split_across_parts()
    {
        // 152 letters then "€": the euro's escape septet would be the 153rd, its code the 154th.
        var text = new string('a', 152) + "€" + new string('a', 10);

        var count = SmsSegments.Count(text);

        Assert.Equal(164, count.Units);
        Assert.Equal(2, count.Segments);
        Assert.Equal(3, SmsSegments.Count(new string('a', 152) + "€" + new string('a', 152)).Segments);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_across_parts()
    {
        var text = new string('a', 66) + "😀" + new string('a', 10);

        var count = SmsSegments.Count(text);

        Assert.Equal(78, count.Units);
        Assert.Equal(2, count.Segments);
    }

    [Property]
    public Property Gsm7_parts_match_the_arithmetic_for_plain_text() =>
        Prop.ForAll(Gen.Choose(1, 2000).ToArbitrary(), length =>
        {
            var expected = length <= 160 ? 1 : (length + 152) / 153;
            return SmsSegments.Count(new string('x', length)).Segments == expected;
        });

    [Property]
    public Property Adding_a_character_never_reduces_the_parts() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), text =>
        {
            var s = text.Get;
            return SmsSegments.Count(s + "x").Segments >= SmsSegments.Count(s).Segments;
        });
}
