using AutoShop.Domain.Notifications;
using PhoneNumbers;
using DomainPhoneNumber = AutoShop.Domain.Customers.PhoneNumber;

namespace AutoShop.Domain.Tests.Notifications;

public class RecipientRegionTests
{
    private static RecipientRegion Of(string e164) => RecipientRegion.Of(DomainPhoneNumber.Parse(e164, "US"));

    private static string[] ZoneIds(RecipientRegion region) => [.. region.Zones.Select(z => z.Id).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("+18085550123", new[] { "Pacific/Honolulu" }, false)] // Hawaii
    [InlineData("+12125550123", new[] { "America/New_York" }, false)] // New York
    [InlineData("+13055550123", new[] { "America/New_York" }, true)] // Miami
    [InlineData("+16895550123", new[] { "America/New_York" }, true)] // Orlando overlay: the library says Central
    [InlineData("+18505550123", new[] { "America/Chicago", "America/New_York" }, true)] // Florida panhandle spans two zones
    [InlineData("+12085550123", new[] { "America/Boise", "America/Los_Angeles" }, false)] // Idaho spans two zones
    [InlineData("+16055550123", new[] { "America/Denver", "America/North_Dakota/Center" }, false)] // South Dakota
    [InlineData("+442071234567", new[] { "Europe/London" }, false)] // a UK number
    [InlineData("+4915112345678", new[] { "Europe/Berlin" }, false)] // a German mobile
    public void A_number_maps_to_the_zones_of_its_area(string phone, string[] zones, bool florida)
    {
        var region = Of(phone);

        Assert.Equal(zones, ZoneIds(region));
        Assert.Equal(florida, region.Florida);
    }

    [Theory]
    [InlineData("+18005550123")] // toll-free: anywhere in the plan, so libphonenumber lists every zone of it
    [InlineData("+18885550123")]
    public void A_toll_free_number_names_no_place(string phone)
    {
        var region = Of(phone);

        Assert.Empty(region.Zones);
        Assert.False(region.Florida);
    }

    [Fact]
    public void The_florida_area_codes_are_exactly_those_the_phone_librarys_geocoder_places_in_florida()
    {
        // The table is explicit so the rule reads in one place; this catches a new overlay in a library update.
        var util = PhoneNumberUtil.GetInstance();
        var geocoder = PhoneNumberOfflineGeocoder.GetInstance();
        var florida = new List<string>();
        for (var npa = 200; npa <= 999; npa++)
        {
            var number = new[] { "5550123", "2345678" }.Select(rest => util.Parse($"+1{npa}{rest}", "US")).FirstOrDefault(util.IsValidNumber);
            if (number is null || util.GetRegionCodeForNumber(number) != "US") continue;
            var place = geocoder.GetDescriptionForNumber(number, Locale.English);
            if (place == "Florida" || place.EndsWith(", FL", StringComparison.Ordinal)) florida.Add(npa.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(florida.Order(StringComparer.Ordinal), RecipientRegion.FloridaAreaCodes.Order(StringComparer.Ordinal));
    }
}
