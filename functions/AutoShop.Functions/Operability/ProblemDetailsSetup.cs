using Microsoft.AspNetCore.Routing.Patterns;

namespace AutoShop.Functions.Operability;

public static class ProblemDetailsSetup
{
    /// <summary>Every error leaves as RFC 9457 problem details carrying the correlation id.</summary>
    public static IServiceCollection AddAutoShopProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["correlationId"] = CorrelationId.Of(context.HttpContext);
            context.ProblemDetails.Instance ??= Instance(context.HttpContext);
        });

    /// <summary>
    /// The request's path, except where the path holds a signed link's token (customer and approver links):
    /// there the route template, so a problem body (which clients and proxies log) never repeats the secret.
    /// </summary>
    private static string Instance(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern: { } pattern } && pattern.GetParameter("token") is not null
            ? "/" + pattern.RawText?.TrimStart('/')
            : context.Request.Path.Value ?? "";

    public static IApplicationBuilder UseAutoShopProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
