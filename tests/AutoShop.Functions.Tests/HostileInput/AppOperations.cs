using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.HostileInput;

/// <summary>One HTTP operation of the running app: a method on a route, with its query parameters.</summary>
public sealed record AppOperation(string Method, RoutePattern Route, IReadOnlyList<string> QueryNames, string Name)
{
    public bool TakesBody => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    /// <summary>The route with every parameter filled from <paramref name="values"/>.</summary>
    public string Path(Func<string, string> values)
    {
        var path = new StringBuilder();
        foreach (var segment in Route.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Uri.EscapeDataString(values(parameter.Name)),
                    _ => "",
                });
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    public override string ToString() => $"{Method} {Route.RawText}";
}

/// <summary>
/// Every operation the app maps, read from its <see cref="EndpointDataSource"/>, so an endpoint
/// added later is covered without touching the tests. Query parameters are those a function declares
/// (<c>[QueryParameter]</c>), or a minimal API handler's simple parameters that are not route values.
/// </summary>
public static class AppOperations
{
    private static readonly HashSet<Type> SimpleTypes =
        [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(double), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(Guid)];

    public static IReadOnlyList<AppOperation> Of(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"])
                .Select(method => new AppOperation(method, endpoint.RoutePattern, QueryNames(endpoint), endpoint.DisplayName ?? "")))
            .DistinctBy(o => o.ToString())];

    private static IReadOnlyList<string> QueryNames(RouteEndpoint endpoint)
    {
        // A [Function] reads its query itself and declares what it reads.
        var declared = endpoint.Metadata.OfType<Functions.Hosting.Http.QueryParameterAttribute>().Select(q => q.Name).ToList();
        if (declared.Count > 0) return declared;
        var handler = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
        if (handler is null) return [];
        var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. handler.GetParameters()
            .Where(p => p.Name is not null && !routeNames.Contains(p.Name))
            .Where(p => SimpleTypes.Contains(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) || p.ParameterType.IsEnum)
            .Where(p => p.GetCustomAttribute<FromBodyAttribute>() is null && p.GetCustomAttribute<FromServicesAttribute>() is null
                && p.GetCustomAttribute<FromHeaderAttribute>() is null && p.GetCustomAttribute<FromRouteAttribute>() is null)
            .Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!)];
    }
}
