using Microsoft.AspNetCore.Http.Metadata;

namespace AutoShop.Functions.Hosting.Http;

/// <summary>
/// The JSON body an HTTP function reads (with <see cref="RequestBody.ReadJsonAsync{T}"/>): documented in
/// the OpenAPI document as the operation's request body.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JsonBodyAttribute(Type type) : Attribute, IAcceptsMetadata
{
    public Type Type { get; } = type;
    public bool Optional { get; init; }

    IReadOnlyList<string> IAcceptsMetadata.ContentTypes => ["application/json"];
    Type? IAcceptsMetadata.RequestType => Type;
    bool IAcceptsMetadata.IsOptional => Optional;
}
