using AutoShop.Functions;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Storage;
using AutoShop.LocalHost.Durable;
using AutoShop.LocalHost.Queues;
using AutoShop.LocalHost.Timers;
using Scalar.AspNetCore;

namespace AutoShop.LocalHost;

public static class LocalHostExtensions
{
    public const string UrlsSetting = "Standalone:Urls";
    public const string DefaultUrls = "http://127.0.0.1:7071";
    /// <summary><c>false</c> serves HTTP only: no queue or timer function runs (tests that drive functions themselves).</summary>
    public const string TriggersSetting = "LocalHost:Triggers";

    public static bool TriggersOn(this IConfiguration configuration) => configuration.GetValue(TriggersSetting, true);

    /// <summary>What the Functions host would do: listen on a URL, trigger queue and timer functions, run orchestrations.</summary>
    public static WebApplicationBuilder AddLocalTriggers(this WebApplicationBuilder builder)
    {
        var urls = builder.Configuration[UrlsSetting];
        builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(urls) ? DefaultUrls : urls);
        var services = builder.Services;
        services.AddSingleton(QueueLeaseSettings.Default);
        services.AddSingleton(_ => HostJsonSettings.Load(HostJsonSettings.Locate(AppContext.BaseDirectory)));
        services.AddSingleton<TimerOccurrenceClaims>();
        services.AddStorageResources(containers: [TimerOccurrenceClaims.Container]);
        services.AddHostedService<QueueListener>();
        services.AddHostedService<TimerScheduler>();
        builder.AddLocalDurableTasks();
        return builder;
    }

    /// <summary>The HTTP functions behind the same cross-cutting pipeline the worker runs, plus the local-only API reference page.</summary>
    public static WebApplication MapLocalFunctions(this WebApplication app)
    {
        app.UseAutoShopHttpPipeline(a => a.UseRouting());
        ((IEndpointRouteBuilder)app).DataSources.Add(app.Services.GetRequiredService<HttpFunctionEndpoints>());
        app.MapGet("/", () => TypedResults.Ok(new { name = "AutoShop", api = "/api" })).ExcludeFromDescription();
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference();
        return app;
    }
}
