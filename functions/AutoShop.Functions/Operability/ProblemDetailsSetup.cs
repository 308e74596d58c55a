namespace AutoShop.Functions.Operability;

public static class ProblemDetailsSetup
{
    /// <summary>Every error leaves as RFC 9457 problem details carrying the correlation id.</summary>
    public static IServiceCollection AddAutoShopProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["correlationId"] = CorrelationId.Of(context.HttpContext);
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        });

    public static IApplicationBuilder UseAutoShopProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
