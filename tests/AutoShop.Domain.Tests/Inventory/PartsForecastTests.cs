using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using NodaTime;

namespace AutoShop.Domain.Tests.Inventory;

public sealed class PartsForecastTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 12, 0);

    private static ServiceDefinition Service(string sku, int qty) =>
        ServiceDefinition.TryCreate(ServiceCode.Parse("svc"), "Service", 30, [], BayType.Parse("lift"), [],
            [new PartLine(Sku.Parse(sku), qty)], Money.Of(1m, "USD")).Value;

    [Fact]
    public void A_part_with_less_available_than_needed_is_short_until_its_lead_time_passes()
    {
        var stock = new Dictionary<Sku, StockLevel>
        {
            [Sku.Parse("BAT-H6")] = StockLevel.TryCreate(Sku.Parse("BAT-H6"), "Battery", 0, 0, 1, "Volt", 4).Value,
        };

        var shortages = PartsForecast.ShortFor([Service("BAT-H6", 1)], stock, Now);

        var shortage = Assert.Single(shortages);
        Assert.Equal(Now + Duration.FromDays(4), shortage.ExpectedArrival);
        Assert.Equal(Now + Duration.FromDays(4), PartsForecast.ReadyAt(shortages));
    }

    [Fact]
    public void Offers_after_the_parts_arrive_come_first_in_their_own_order()
    {
        var ready = Now + Duration.FromDays(2);
        Instant[] starts = [Now + Duration.FromDays(1), Now + Duration.FromDays(3), Now + Duration.FromDays(2), Now + Duration.FromHours(1)];

        var ranked = PartsForecast.PreferAfter(starts, s => s, ready);

        Assert.Equal([starts[1], starts[2], starts[0], starts[3]], ranked);
        Assert.Equal(starts, PartsForecast.PreferAfter(starts, s => s, null));
    }
}
