using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Teams;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Inventory;

public static class InventoryExtensions
{
    public static IServiceCollection AddInventory(this IServiceCollection services)
    {
        services.AddOptions<PartsDeskOptions>().BindConfiguration(PartsDeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTeams();
        services.AddOptions<InventorySeedOptions>().BindConfiguration(InventorySeedOptions.Section);
        services.AddSingleton<TableInventoryStore>();
        services.AddSingleton<TableProcurementStore>();
        services.AddSingleton<PartsDesk>();
        services.AddSingleton<NotifyPartsDesk>();
        services.AddSingleton<PartsOutlook>();
        services.AddSingleton<StockReceipts>();
        services.AddSingleton<ProcurementMoves>();
        services.AddHostedService<InventorySeeder>();
        services.AddStorageResources(tables: [TableInventoryStore.TableName]);
        return services;
    }
}
