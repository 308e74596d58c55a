using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Hosting.CustomHandler;
using AutoShop.Functions.Hosting.Standalone;

namespace AutoShop.Functions.Hosting;

public static class HostingExtensions
{
    /// <summary>Registers the catalog, the invoker and, in standalone mode, the app's own triggers.</summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        var mode = HostMode.From(builder.Configuration);
        builder.WebHost.UseUrls(mode.Urls);
        var services = builder.Services;
        services.AddSingleton(mode);
        services.AddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(QueueListener.PollingClock, TimeProvider.System);
        services.AddSingleton(_ => HostJsonSettings.Load(HostJsonSettings.Locate(AppContext.BaseDirectory)));
        services.AddSingleton(sp => new FunctionCatalog(sp.GetServices<FunctionDefinition>(), sp.GetRequiredService<EndpointDataSource>()));
        services.AddSingleton<FunctionInvoker>();
        if (mode.IsStandalone)
        {
            services.AddSingleton<TimerOccurrenceClaims>();
            services.AddHostedService<QueueListener>();
            services.AddHostedService<TimerScheduler>();
        }
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
