using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Hosting.CustomHandler;
using AutoShop.Functions.Hosting.Standalone;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Hosting;

public static class HostingExtensions
{
    /// <summary>Registers the catalog, the invoker and the standalone triggers (idle in custom-handler mode).</summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls(HostMode.From(builder.Configuration).Urls);
        var services = builder.Services;
        // Resolved from the final configuration, so test hosts that override settings late still pick the mode.
        services.AddSingleton(sp => HostMode.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(QueueListener.PollingClock, TimeProvider.System);
        services.AddSingleton(QueueLeaseSettings.Default);
        services.AddSingleton(_ => HostJsonSettings.Load(HostJsonSettings.Locate(AppContext.BaseDirectory)));
        services.AddSingleton(sp => new FunctionCatalog(sp.GetServices<FunctionDefinition>(), sp.GetRequiredService<EndpointDataSource>()));
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<FunctionSwitches>();
        services.AddSingleton<TimerOccurrenceClaims>();
        services.AddStorageResources(containers: [TimerOccurrenceClaims.Container]);
        services.AddHostedService<QueueListener>();
        services.AddHostedService<TimerScheduler>();
        return builder;
    }

    /// <summary>The Functions host polls <c>GET /</c> until the handler answers; in custom-handler mode, queue and timer functions are invoked by POST.</summary>
    public static WebApplication MapFunctionsHosting(this WebApplication app)
    {
        app.MapGet("/", () => TypedResults.Ok(new { name = "AutoShop", api = "/api" })).ExcludeFromDescription();
        var mode = app.Services.GetRequiredService<HostMode>();
        if (mode.IsCustomHandler)
            app.MapFunctionInvocations(app.Services.GetServices<FunctionDefinition>());
        return app;
    }
}
