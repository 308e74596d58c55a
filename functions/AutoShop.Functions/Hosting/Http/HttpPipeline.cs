using AutoShop.Functions.Idempotency;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Pages;

namespace AutoShop.Functions.Hosting.Http;

/// <summary>
/// The cross-cutting behaviour of every HTTP function, in one place and in one order: correlation id,
/// problem details for every error, the request budget (storage outages answer 503 in time), refusal of
/// cross-site form posts, body size limits, rate limits, <c>Idempotency-Key</c>, staff authentication. The local
/// host puts it in front of its routed endpoints; the Functions worker runs it around each HTTP
/// invocation (<see cref="WorkerHttpPipelineMiddleware"/>). Either way the steps read the function's
/// endpoint metadata, so a function states what it needs with attributes and never repeats this code.
/// </summary>
public static class HttpPipeline
{
    /// <param name="selectEndpoint">Routing locally; in the worker, the invoked function's endpoint.</param>
    public static IApplicationBuilder UseAutoShopHttpPipeline(this IApplicationBuilder app, Action<IApplicationBuilder> selectEndpoint)
    {
        app.UseCorrelationId();
        app.UseAutoShopProblemDetails();
        selectEndpoint(app);
        app.UseRequestBudget();
        app.UseMiddleware<CrossSiteRequests>();
        app.UseRequestBodyLimits();
        app.UseRateLimiter();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
