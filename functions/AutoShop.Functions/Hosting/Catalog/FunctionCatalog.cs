using Microsoft.AspNetCore.Routing.Patterns;

namespace AutoShop.Functions.Hosting.Catalog;

/// <summary>
/// Every function the app runs: the registered queue and timer functions plus each named endpoint
/// under <c>/api</c>. The same list maps invocation endpoints, starts standalone listeners and
/// writes <c>function.json</c> files at publish, so the three can never disagree.
/// </summary>
public sealed class FunctionCatalog(IEnumerable<FunctionDefinition> registered, EndpointDataSource endpoints)
{
    public const string HttpRoutePrefix = "api";

    public IReadOnlyList<FunctionDefinition> Functions => field ??= Build();

    public IEnumerable<FunctionDefinition> Of<TTrigger>() where TTrigger : FunctionTrigger =>
        Functions.Where(f => f.Trigger is TTrigger);

    private List<FunctionDefinition> Build()
    {
        var all = registered.Concat(HttpFunctions()).ToList();
        var duplicate = all.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Function name '{duplicate.Key}' is declared more than once.");
        return all.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private IEnumerable<FunctionDefinition> HttpFunctions()
    {
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText?.TrimStart('/') ?? "";
            if (!route.StartsWith(HttpRoutePrefix + "/", StringComparison.Ordinal)) continue;
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            if (name is null)
                throw new InvalidOperationException($"Endpoint '{route}' has no name: every /api endpoint is a function and needs WithName(...).");
            FunctionRegistration.EnsureValidName(name);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods
                .Select(m => m.ToLowerInvariant()).ToArray() ?? ["get", "post", "put", "patch", "delete"];
            yield return new FunctionDefinition(name, new HttpFunctionTrigger(ToFunctionsRoute(endpoint.RoutePattern), methods), null);
        }
    }

    /// <summary>Functions routes take ASP.NET-style templates without the route prefix; drop defaults and policies it lacks.</summary>
    private static string ToFunctionsRoute(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Skip(1).Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => "{" + (parameter.IsCatchAll ? "*" : "") + parameter.Name + (parameter.IsOptional ? "?" : "") + "}",
            _ => "",
        })));
        return string.Join('/', segments);
    }
}
