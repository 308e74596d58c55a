using AutoShop.Functions.Documents;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.JobCards;

/// <summary>Job-card pre-work: job cards, the inventory and procurement they draw on, and the documents attached to them.</summary>
public static class JobCardsExtensions
{
    public static IServiceCollection AddJobCards(this IServiceCollection services)
    {
        services.AddInventory();
        services.AddDocuments();
        services.AddSingleton<TableJobCardStore>();
        services.AddSingleton<JobCardPreparation>();
        services.AddSingleton<JobCardEditing>();
        services.AddStorageResources(tables: [TableJobCardStore.TableName]);
        services.AddEventSubscription(PrepareJobCards.Queue);
        services.AddSingleton<PrepareJobCards>();
        return services;
    }
}
