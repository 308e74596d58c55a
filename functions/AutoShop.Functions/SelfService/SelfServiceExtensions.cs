using AutoShop.Functions.Approvals;
using AutoShop.Functions.Links;
using AutoShop.Functions.Pages;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.SelfService;

public static class SelfServiceExtensions
{
    public static IServiceCollection AddSelfService(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignedLinkOptions>().BindConfiguration(SignedLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<ManageLinks>();
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<CustomerActions>();
        services.AddSingleton<ManagePageData>();
        services.AddStorageResources(tables: [PolicyStore.Table]);
        services.AddTokenRateLimits(configuration);
        services.AddApprovals();
        return services;
    }
}
