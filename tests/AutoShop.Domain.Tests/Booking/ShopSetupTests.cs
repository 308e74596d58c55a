using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Tests.Booking;

public class ShopSetupTests
{
    [Fact]
    public void A_service_needing_a_bay_type_the_shop_lacks_is_rejected()
    {
        var result = ShopSetup.TryCreate(TestShop.Shop(), [TestShop.Tech("ana")], [TestShop.Bay("bay-1")], [],
            [TestShop.Service("brake-pads", 60, bayType: "ev-bay")], []);

        Assert.Equal("catalog[brake-pads].bayType", result.Error.Field);
    }

    [Fact]
    public void A_service_needing_an_unstocked_tool_is_rejected()
    {
        var result = ShopSetup.TryCreate(TestShop.Shop(), [TestShop.Tech("ana")], [TestShop.Bay("bay-1")], [],
            [TestShop.Service("ac-recharge", 60, tools: "ac-recovery")], []);

        Assert.Equal("catalog[ac-recharge].tools", result.Error.Field);
    }

    [Fact]
    public void A_service_needing_a_skill_nobody_has_is_rejected()
    {
        var result = ShopSetup.TryCreate(TestShop.Shop(), [TestShop.Tech("ana")], [TestShop.Bay("bay-1")], [],
            [TestShop.Service("hv-battery", 60, skills: "ev-high-voltage")], []);

        Assert.Equal("catalog[hv-battery].skills", result.Error.Field);
    }

    [Fact]
    public void A_service_using_a_part_missing_from_the_parts_master_is_rejected()
    {
        var service = ServiceDefinition.TryCreate(ServiceCode.Parse("oil"), "Oil", 30, [], BayType.Parse("lift"), [],
            [new PartLine(Sku.Parse("OIL-5W30"), 5)], Money.Of(50, "USD")).OrThrow();

        var result = ShopSetup.TryCreate(TestShop.Shop(), [TestShop.Tech("ana")], [TestShop.Bay("bay-1")], [], [service], []);

        Assert.Contains("OIL-5W30", result.Error.Message);
    }

    [Fact]
    public void Duplicate_technician_ids_are_rejected()
    {
        var result = ShopSetup.TryCreate(TestShop.Shop(), [TestShop.Tech("ana"), TestShop.Tech("ana")], [], [], [], []);

        Assert.Equal("technicians", result.Error.Field);
    }

    [Fact]
    public void Technicians_and_bays_are_kept_in_id_order()
    {
        var setup = TestShop.Setup(techs: [TestShop.Tech("zoe"), TestShop.Tech("ana")], bays: [TestShop.Bay("b-2"), TestShop.Bay("b-1"), TestShop.Bay("r", "alignment-rack")],
            catalog: [TestShop.Service("brake-pads", 60)]);

        Assert.Equal(["ana", "zoe"], setup.Technicians.Select(t => t.Id.Value));
        Assert.Equal(["b-1", "b-2", "r"], setup.Bays.Select(b => b.Id.Value));
    }

    [Fact]
    public void A_shop_with_an_unknown_time_zone_is_rejected()
    {
        var result = Shop.TryCreate(ShopId.Parse("x"), "X", "Mars/Olympus", "US", WeeklyHours.None);

        Assert.Equal("timeZone", result.Error.Field);
    }

    [Fact]
    public void A_slot_granularity_that_does_not_divide_an_hour_is_rejected()
    {
        var result = Shop.TryCreate(ShopId.Parse("x"), "X", "America/Phoenix", "US", WeeklyHours.None, slotGranularity: Duration.FromMinutes(25));

        Assert.Equal("slotGranularity", result.Error.Field);
    }

    [Fact]
    public void Shop_defaults_are_fifteen_minute_slots_sixty_day_horizon_and_two_hours_notice()
    {
        var shop = Shop.TryCreate(ShopId.Parse("x"), "X", "America/Phoenix", "us", WeeklyHours.None).OrThrow();

        Assert.Equal(Duration.FromMinutes(15), shop.SlotGranularity);
        Assert.Equal(Duration.FromDays(60), shop.BookingHorizon);
        Assert.Equal(Duration.FromHours(2), shop.MinimumNotice);
        Assert.Equal("US", shop.PhoneRegion);
    }

    [Fact]
    public void Touching_opening_ranges_merge_and_overlapping_ones_are_rejected()
    {
        var merged = WeeklyHours.Of((IsoDayOfWeek.Monday, "08:00-12:00"), (IsoDayOfWeek.Monday, "12:00-17:00"));
        var overlapping = WeeklyHours.TryCreate([
            (IsoDayOfWeek.Monday, LocalTimeRange.Parse("08:00-12:00")),
            (IsoDayOfWeek.Monday, LocalTimeRange.Parse("11:00-17:00"))]);

        Assert.Equal("08:00-17:00", Assert.Single(merged.On(IsoDayOfWeek.Monday)).ToString());
        Assert.True(overlapping.IsFailure);
    }

    [Fact]
    public void A_service_can_be_performed_only_when_one_technician_holds_all_its_skills()
    {
        var setup = TestShop.Setup(
            techs: [TestShop.Tech("ana", "brakes"), TestShop.Tech("ben", "diagnostics,alignment")],
            catalog: [TestShop.Service("combo", 60, "brakes,diagnostics"), TestShop.Service("brake-pads", 60), TestShop.Service("alignment", 30, "alignment", "alignment-rack")]);

        Assert.False(setup.CanPerform(ServiceCode.Parse("combo")));
        Assert.True(setup.CanPerform(ServiceCode.Parse("brake-pads")));
    }
}
