using AutoShop.Domain.Booking;
using AutoShop.Domain.Booking.Seed;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace AutoShop.Domain.Tests.Booking.Seed;

public class ShopSetupDocumentTests
{
    private static readonly string DemoSeed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-seed.json"));

    [Fact]
    public void The_demo_seed_holds_two_valid_shops_one_with_daylight_saving_and_one_without()
    {
        var setups = ShopSetupDocument.Parse(DemoSeed);

        Assert.True(setups.IsSuccess, setups.ToString());
        Assert.Equal(["America/New_York", "America/Phoenix"], setups.Value.Select(s => s.Shop.Zone.Id));
        var summer = Instant.FromUtc(2026, 7, 1, 12, 0);
        var winter = Instant.FromUtc(2026, 1, 1, 12, 0);
        Assert.NotEqual(setups.Value[0].Shop.Zone.GetUtcOffset(summer), setups.Value[0].Shop.Zone.GetUtcOffset(winter));
        Assert.Equal(setups.Value[1].Shop.Zone.GetUtcOffset(summer), setups.Value[1].Shop.Zone.GetUtcOffset(winter));
        Assert.Single(setups.Value.SelectMany(s => s.Technicians), t => t.DailyCap is not null);
        Assert.Equal(1, setups.Value[0].Tools[ToolType.Parse("ac-recovery")].Count);
    }

    [Fact]
    public void Every_demo_service_can_be_performed_by_a_technician_in_a_bay_within_two_weeks()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
        var search = new AvailabilitySearch(clock);
        var from = Instant.FromDateTimeOffset(clock.GetUtcNow());

        foreach (var setup in ShopSetupDocument.Parse(DemoSeed).Value)
        {
            foreach (var code in setup.Catalog.Keys)
            {
                Assert.True(setup.CanPerform(code), $"{setup.Shop.Id} cannot perform {code}");
                var offers = search.Find(new AvailabilityQuery(setup, [code], from, from + Duration.FromDays(14), [], 1)).Value.Offers;
                Assert.True(offers.Length == 1, $"{setup.Shop.Id} has no slot for {code}");
            }
        }
    }

    [Fact]
    public void An_invalid_skill_is_reported_with_its_json_path()
    {
        var json = DemoSeed.Replace("\"ev-high-voltage\", \"diagnostics\" ]", "\"ev/high\", \"diagnostics\" ]", StringComparison.Ordinal);

        Assert.Equal("services[10].skills[0]", ShopSetupDocument.Parse(json).Error.Field);
    }

    [Fact]
    public void A_shop_offering_a_service_it_has_no_bay_for_is_rejected()
    {
        var json = DemoSeed.Replace("\"battery-replacement\", \"spark-plugs\", \"cabin-filter\" ]",
            "\"battery-replacement\", \"spark-plugs\", \"cabin-filter\", \"ev-battery-check\" ]", StringComparison.Ordinal);

        var error = ShopSetupDocument.Parse(json).Error;

        Assert.Equal("shops[1].catalog[ev-battery-check].bayType", error.Field);
    }

    [Fact]
    public void An_unknown_property_is_rejected_so_typos_do_not_pass_silently()
    {
        var json = DemoSeed.Replace("\"laborMinutes\": 30, \"skills\": [], \"bayType\": \"lift\"", "\"laborMinuts\": 30, \"skills\": [], \"bayType\": \"lift\"", StringComparison.Ordinal);

        Assert.True(ShopSetupDocument.Parse(json).IsFailure);
    }

    [Theory]
    [InlineData("{ \"shops\": [] }", "shops")]
    [InlineData("{ \"shops\": [ { \"id\": \"x\", \"name\": \"X\", \"timeZone\": \"Nowhere/City\", \"phoneRegion\": \"US\" } ] }", "shops[0].timeZone")]
    [InlineData("{ \"shops\": [ { \"id\": \"x\", \"name\": \"X\", \"timeZone\": \"UTC\", \"phoneRegion\": \"US\", \"openingHours\": { \"funday\": [] } } ] }", "shops[0].openingHours.funday")]
    [InlineData("not json", "$")]
    public void Broken_documents_name_the_field_at_fault(string json, string field)
    {
        Assert.Equal(field, ShopSetupDocument.Parse(json).Error.Field);
    }
}
