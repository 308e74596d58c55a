using System.Net.Http.Json;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Inventory;

public sealed class DemoInventorySeedTests
{
    [Fact]
    public async Task Demo_data_stocks_both_shops_with_a_scarce_refrigerant_and_a_long_lead_part()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        app.Settings["Seed:DemoData"] = "true";
        using var staff = app.CreateStaffClient();

        var stock = await Eventually.Until(async () =>
            {
                // 404 until the shops themselves are seeded, also in the background
                using var response = await staff.GetAsync("/api/shops/queens-blvd/inventory", TestContext.Current.CancellationToken);
                return response.IsSuccessStatusCode
                    ? await response.Content.ReadFromJsonAsync<List<StockDto>>(JobCards.PreworkHarness.Json, TestContext.Current.CancellationToken)
                    : null;
            },
            list => list is { Count: > 0 }, because: "the demo inventory is seeded in the background");
        var camelback = await staff.GetFromJsonAsync<List<StockDto>>("/api/shops/camelback/inventory", JobCards.PreworkHarness.Json, TestContext.Current.CancellationToken);

        Assert.Equal(1, stock!.Single(s => s.Sku == "REFR-R1234YF").OnHand);
        Assert.Contains(stock!, s => s.LeadTimeDays >= 14);
        Assert.NotEmpty(camelback!);
        Assert.All(stock!, s => Assert.Equal(0, s.Reserved));
    }
}
