using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Operations;

public static class OperationsExtensions
{
    /// <summary>The poison index, the timer that fills it and the replays staff run from it.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<PoisonQueues>();
        services.AddSingleton(PoisonCollectionSettings.Default);
        services.AddSingleton<TablePoisonMessages>();
        services.AddSingleton<PoisonReplays>();
        services.AddStorageResources(tables: [TablePoisonMessages.Table]);
        services.AddSingleton<CollectPoisonMessages>();
        return services;
    }
}
