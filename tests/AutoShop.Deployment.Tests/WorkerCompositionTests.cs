using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Hosting.Worker;
using AutoShop.Functions.Operability.OpenApi;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutoShop.Deployment.Tests;

/// <summary>
/// The app as the Functions host runs it: the isolated worker's composition (WorkerApp), built but not
/// started, since no Functions host can run here. Its HTTP metadata, cross-cutting pipeline and OpenAPI
/// document come from the same functions the local host runs.
/// </summary>
public sealed class WorkerCompositionTests : IDisposable
{
    private readonly IHost worker = WorkerApp.Build([.. Support.SampleSettings.Values().Select(kv => $"--{kv.Key.Replace("__", ":", StringComparison.Ordinal)}={kv.Value}")]);

    public void Dispose() => worker.Dispose();

    [Fact]
    public void The_worker_describes_every_HTTP_function_to_the_API_explorer()
    {
        var catalog = worker.Services.GetRequiredService<FunctionCatalog>();

        var described = worker.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).Order(StringComparer.Ordinal);

        Assert.Equal(catalog.Of<HttpFunctionTrigger>().Select(f => f.Name).Order(StringComparer.Ordinal), described);
    }

    [Fact]
    public async Task The_worker_serves_an_OpenAPI_document_with_every_documented_HTTP_function()
    {
        var catalog = worker.Services.GetRequiredService<FunctionCatalog>();
        var documented = catalog.Of<HttpFunctionTrigger>()
            .Where(f => !f.Method.GetCustomAttributes(inherit: true).OfType<ExcludeFromDescriptionAttribute>().Any())
            .Select(f => "/" + ((HttpFunctionTrigger)f.Trigger).Route).Distinct().Order(StringComparer.Ordinal);

        var document = await worker.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(OpenApiSetup.DocumentName)
            .GetOpenApiDocumentAsync(TestContext.Current.CancellationToken);

        Assert.Equal(documented, document.Paths.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_worker_runs_the_cross_cutting_HTTP_pipeline_as_worker_middleware()
    {
        var middleware = ActivatorUtilities.CreateInstance<WorkerHttpPipelineMiddleware>(worker.Services);

        Assert.NotNull(middleware);
    }
}
