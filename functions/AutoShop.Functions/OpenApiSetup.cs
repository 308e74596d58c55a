using Scalar.AspNetCore;

namespace AutoShop.Functions;

public static class OpenApiSetup
{
    public static IServiceCollection AddAutoShopOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "AutoShop API";
            document.Info.Description = "Service appointments for auto repair shops: booking, notifications, self-service changes, approvals, job cards and reporting. Staff endpoints need `X-Api-Key` locally or an Entra ID bearer token in Azure.";
            return Task.CompletedTask;
        }));

    /// <summary>The OpenAPI document is always served; the Scalar reference page in development only.</summary>
    public static WebApplication MapAutoShopOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference();
        return app;
    }
}
