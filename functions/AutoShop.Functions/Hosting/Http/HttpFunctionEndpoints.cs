using System.Reflection;
using AutoShop.Functions.Hosting.Catalog;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace AutoShop.Functions.Hosting.Http;

/// <summary>
/// One ASP.NET Core endpoint per HTTP function, built from its <c>[Function]</c> method the way minimal
/// APIs build theirs: the method, its class's and its own attributes (summary, tags, authorization, rate
/// limits, idempotency) and what its return type declares. The local host routes requests to these
/// endpoints. In the Functions worker the host routes, and these endpoints only lend their metadata to
/// the cross-cutting middleware (<see cref="HttpPipeline"/>) and to the OpenAPI document.
/// </summary>
public sealed class HttpFunctionEndpoints(FunctionCatalog catalog, IServiceProvider services) : EndpointDataSource
{
    private readonly Lock gate = new();
    private Dictionary<string, RouteEndpoint>? byName;

    public override IReadOnlyList<Endpoint> Endpoints => [.. ByName().Values];

    public override IChangeToken GetChangeToken() => NullChangeToken.Singleton;

    /// <summary>The endpoint of the HTTP function with this name.</summary>
    public RouteEndpoint For(string functionName) =>
        ByName().TryGetValue(functionName, out var endpoint) ? endpoint
            : throw new InvalidOperationException($"No HTTP function '{functionName}'.");

    private Dictionary<string, RouteEndpoint> ByName()
    {
        if (byName is not null) return byName;
        lock (gate)
            return byName ??= catalog.Of<HttpFunctionTrigger>().ToDictionary(f => f.Name, Build, StringComparer.OrdinalIgnoreCase);
    }

    private RouteEndpoint Build(FunctionDefinition function)
    {
        var trigger = (HttpFunctionTrigger)function.Trigger;
        var method = function.Method;
        var pattern = RoutePatternFactory.Parse("/" + trigger.Route);
        var builder = new RouteEndpointBuilder(null, pattern, order: 0) { DisplayName = function.Name };
        builder.Metadata.Add(method);
        foreach (var attribute in method.DeclaringType!.GetCustomAttributes(inherit: true)) builder.Metadata.Add(attribute);
        foreach (var attribute in method.GetCustomAttributes(inherit: true)) builder.Metadata.Add(attribute);
        builder.Metadata.Add(new EndpointNameMetadata(function.Name));
        builder.Metadata.Add(new HttpMethodMetadata(trigger.Methods));

        var options = new RequestDelegateFactoryOptions
        {
            ServiceProvider = new DurableClientAsService(services),
            RouteParameterNames = [.. pattern.Parameters.Select(p => p.Name)],
            EndpointBuilder = builder,
        };
        var inferred = RequestDelegateFactory.InferMetadata(method, options);
        var factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, []);
        Func<HttpContext, object>? target = factory is null ? null : http => factory(http.RequestServices, null);
        builder.RequestDelegate = RequestDelegateFactory.Create(method, target, options, inferred).RequestDelegate;
        return (RouteEndpoint)builder.Build();
    }
}
