using Microsoft.AspNetCore.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace AutoShop.Functions.Operability.OpenApi;

/// <summary>The OpenAPI document of every HTTP function, generated from their own metadata, at the same URL everywhere.</summary>
public sealed class OpenApiFunctions([FromKeyedServices(OpenApiSetup.DocumentName)] IOpenApiDocumentProvider documents)
{
    [Function("OpenApiDocument")]
    [ExcludeFromDescription]
    public async Task<IResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/" + OpenApiSetup.DocumentName + ".json")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var document = await documents.GetOpenApiDocumentAsync(ct);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);
        return TypedResults.Text(json, "application/json; charset=utf-8");
    }
}
