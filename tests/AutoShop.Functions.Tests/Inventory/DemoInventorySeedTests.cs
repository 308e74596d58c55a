using System.Net.Http.Json;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutoShop.Functions.Tests.Inventory;

public sealed class DemoInventorySeedTests
{
    [Fact]
    public async Task Demo_data_stocks_both_shops_with_a_scarce_refrigerant_and_a_long_lead_part()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        app.Settings["Seed:DemoData"] = "true";
        using var staff = app.CreateStaffClient();

        // Both seeders run in the background; the list is read once they are done, not while they are writing it.
        var seeders = app.Services.GetServices<IHostedService>().Where(s => s is DemoSeeder or InventorySeeder).Cast<BackgroundService>().ToList();
        Assert.Equal(2, seeders.Count);
        await Task.WhenAll(seeders.Select(s => s.ExecuteTask!)).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        var stock = await staff.GetFromJsonAsync<List<StockDto>>("/api/shops/queens-blvd/inventory", JobCards.PreworkHarness.Json, TestContext.Current.CancellationToken);
        var camelback = await staff.GetFromJsonAsync<List<StockDto>>("/api/shops/camelback/inventory", JobCards.PreworkHarness.Json, TestContext.Current.CancellationToken);

        Assert.Equal(1, stock!.Single(s => s.Sku == "REFR-R1234YF").OnHand);
        Assert.Contains(stock!, s => s.LeadTimeDays >= 14);
        Assert.NotEmpty(camelback!);
        Assert.All(stock!, s => Assert.Equal(0, s.Reserved));
    }
}
