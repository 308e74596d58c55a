using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Teams;

namespace AutoShop.Functions.Approvals;

public static class ApprovalsExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section);
        services.AddTeams();
        services.AddSingleton<ApprovalStore>();
        services.AddSingleton<ApprovalService>();
        services.AddSingleton<ApproverLinks>();
        services.AddStorageResources(tables: [NotifyApprovers.MarkerTable], queues: [NotifyApprovers.ExpiryQueue]);
        services.AddEventSubscription(NotifyApprovers.Queue);
        services.AddSingleton<NotifyApprovers>();
        services.AddSingleton<ExpireApprovals>();
        return services;
    }
}
