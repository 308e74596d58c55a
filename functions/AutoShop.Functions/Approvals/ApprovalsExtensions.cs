namespace AutoShop.Functions.Approvals;

public static class ApprovalsExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section);
        services.AddSingleton<ApprovalStore>();
        services.AddSingleton<ApprovalService>();
        return services;
    }

    public static IEndpointRouteBuilder MapApprovals(this IEndpointRouteBuilder app) => app;
}
