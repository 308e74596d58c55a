using AutoShop.Functions.Hosting.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AutoShop.Functions.Operability.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddAutoShopOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "AutoShop API";
                document.Info.Description = "Service appointments for auto repair shops: booking, notifications, self-service changes, approvals, job cards and reporting. Staff endpoints need `X-Api-Key` locally or an Entra ID bearer token in Azure.";
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(AddQueryParametersAsync);
        });

    /// <summary>Functions read their query strings themselves; <see cref="QueryParameterAttribute"/> says what they read.</summary>
    private static async Task AddQueryParametersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var query in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameterAttribute>())
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.Name == query.Name && p.In == ParameterLocation.Query)) continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = query.Name,
                In = ParameterLocation.Query,
                Required = query.Required,
                Description = query.Description,
                Schema = await context.GetOrCreateSchemaAsync(Nullable.GetUnderlyingType(query.Type) ?? query.Type, null, ct),
            });
        }
    }
}
