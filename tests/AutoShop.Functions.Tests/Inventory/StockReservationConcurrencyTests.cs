using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.Inventory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static AutoShop.Functions.Tests.JobCards.PreworkHarness;

namespace AutoShop.Functions.Tests.Inventory;

public sealed class StockReservationConcurrencyTests
{
    [Fact]
    public async Task Eight_job_cards_racing_for_the_last_unit_leave_exactly_one_reservation()
    {
        await using var h = await StartAsync([("queens-blvd", "BAT-H6", 1, 4)]);
        var store = h.App.Services.GetRequiredService<TableInventoryStore>();
        var shop = ShopId.Parse("queens-blvd");
        var sku = Sku.Parse("BAT-H6");
        var start = Instant.FromDateTimeOffset(Now).Plus(Duration.FromDays(2));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            store.ReserveAsync(shop, $"card-{i}", sku, 1, start, TestContext.Current.CancellationToken))));

        Assert.Single(results, r => r.Reservation.Reserved == 1);
        var stock = (await store.GetManyAsync(shop, [sku], TestContext.Current.CancellationToken))[sku];
        Assert.Equal((1, 1, 0), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.Equal(7, (await store.ShortJobCardsAsync(shop, sku, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task Reserving_again_for_the_same_card_and_part_holds_no_more()
    {
        await using var h = await StartAsync([("queens-blvd", "BAT-H6", 3, 4)]);
        var store = h.App.Services.GetRequiredService<TableInventoryStore>();
        var shop = ShopId.Parse("queens-blvd");
        var sku = Sku.Parse("BAT-H6");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.ReserveAsync(shop, "card-a", sku, 2, Instant.FromDateTimeOffset(Now), TestContext.Current.CancellationToken)));

        var stock = (await store.GetManyAsync(shop, [sku], TestContext.Current.CancellationToken))[sku];
        Assert.Equal(2, stock.Reserved);
    }
}
