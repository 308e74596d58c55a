using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Reporting.Dashboard;
using AutoShop.Functions.Reporting.Drops;
using AutoShop.Functions.Reporting.Exports;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace AutoShop.Functions.Reporting;

public static class ReportingExtensions
{
    /// <summary>KPIs, CSV exports, daily drops and the ops dashboard. Needs staff authentication and the audit ledger registered first.</summary>
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddOptions<ReportingOptions>().BindConfiguration(ReportingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ScheduleFacts>();
        services.AddSingleton<ShopKpis>();
        services.AddSingleton<AuditCsv>();
        services.AddSingleton<AppointmentsCsv>();
        services.AddSingleton<DailyDrop>();
        services.AddStorageResources(tables: [DailyExportDrops.MarkerTable], containers: [DailyDrop.Container]);
        services.AddSingleton<DailyExportDrops>();
        services.AddDashboardLinks();
        return services;
    }

    /// <summary>The dashboard policy: the staff policy's requirements, signed in by a link token or else the default staff scheme.</summary>
    private static void AddDashboardLinks(this IServiceCollection services)
    {
        services.AddSingleton<DashboardLinks>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, DashboardLinkAuthenticationHandler>(DashboardLinkAuthenticationHandler.SchemeName, null);
        services.AddOptions<AuthorizationOptions>().Configure(o =>
        {
            var staff = o.GetPolicy(Staff.StaffPolicy.Name)
                ?? throw new InvalidOperationException("Add staff authentication before reporting: the dashboard policy extends the staff policy.");
            o.AddPolicy(DashboardLinkAuthenticationHandler.PolicyName,
                new AuthorizationPolicyBuilder(staff).AddAuthenticationSchemes(DashboardLinkAuthenticationHandler.SchemeName).Build());
        });
    }
}
