using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Hosting.Http;

namespace AutoShop.Functions.Hosting;

public static class HostingExtensions
{
    /// <summary>Keyed <see cref="TimeProvider"/> for polling and retry loops: real time even when business time is faked in tests.</summary>
    public const string PollingClock = "polling";

    /// <summary>The function catalog (read from the app's [Function] attributes), the invoker and the HTTP function endpoints both hosts use.</summary>
    public static IServiceCollection AddFunctionCatalog(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(PollingClock, TimeProvider.System);
        services.AddSingleton(new FunctionSource(typeof(FunctionCatalog).Assembly));
        services.AddSingleton<FunctionCatalog>();
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<FunctionSwitches>();
        services.AddSingleton<HttpFunctionEndpoints>();
        return services;
    }

    /// <summary>Adds the [Function] methods of one more type (tests add their own functions this way).</summary>
    public static IServiceCollection AddFunctionsOf<T>(this IServiceCollection services) =>
        services.AddSingleton(new FunctionSource(Type: typeof(T)));
}
