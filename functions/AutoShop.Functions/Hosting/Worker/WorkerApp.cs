using AutoShop.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutoShop.Functions.Hosting.Worker;

/// <summary>The app as the Functions host runs it: the isolated worker with ASP.NET Core integration.</summary>
public static class WorkerApp
{
    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<WorkerHttpPipelineMiddleware>();
        builder.AddAutoShop();
        // The host routes requests here, so the worker's own routing holds no function metadata; the
        // API explorer (and so the OpenAPI document) reads the functions' endpoints instead.
        builder.Services.Replace(ServiceDescriptor.Singleton<EndpointDataSource>(sp => sp.GetRequiredService<HttpFunctionEndpoints>()));
        return builder.Build();
    }
}
