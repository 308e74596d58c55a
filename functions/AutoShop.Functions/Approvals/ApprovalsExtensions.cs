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
        services.AddSingleton<ApproverMail>();
        services.AddStorageResources(tables: [ApproverMail.MarkerTable], queues: [ExpireApprovals.Queue]);
        services.AddEventSubscription(ApprovalEventsFunction.Queue);
        services.AddSingleton<ApprovalEventsFunction>();
        services.AddSingleton<ExpireApprovals>();
        return services;
    }
}
