using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Audit;

public static class AuditExtensions
{
    /// <summary>The ledger (<see cref="IAuditLog"/> for writers), its reader, and the queue function that chains schedule changes.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<IAuditLog, TableAuditLog>();
        services.AddSingleton<TableAuditLedger>();
        services.AddStorageResources(tables: [AuditChainRows.Table]);
        services.AddEventSubscription(ChainAppointmentAudit.Queue);
        services.AddSingleton<ChainAppointmentAudit>();
        return services;
    }
}
