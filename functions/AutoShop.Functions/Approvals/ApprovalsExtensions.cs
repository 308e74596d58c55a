using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Approvals;

public static class ApprovalsExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section);
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section);
        services.AddHttpClient<TeamsWebhook>();
        services.AddSingleton<ApprovalStore>();
        services.AddSingleton<ApprovalService>();
        services.AddSingleton<ApproverLinks>();
        services.AddStorageResources(tables: [NotifyApprovers.MarkerTable], queues: [NotifyApprovers.ExpiryQueue]);
        services.AddEventSubscription(NotifyApprovers.Queue);
        services.AddQueueFunction<NotifyApprovers>(NotifyApprovers.Name, NotifyApprovers.Queue);
        services.AddQueueFunction<ExpireApprovals>(ExpireApprovals.Name, NotifyApprovers.ExpiryQueue);
        return services;
    }

    public static IEndpointRouteBuilder MapApprovals(this IEndpointRouteBuilder app) => app.MapReviewPages().MapApprovalsApi();
}
