namespace AutoShop.Functions.Hosting.Http;

/// <summary>
/// Documents a query-string parameter an HTTP function reads from its request. Functions bind only their
/// trigger and route values (the one binding the Functions worker and the local host share), so the
/// OpenAPI document learns of query parameters from this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, Type type) : Attribute
{
    public string Name { get; } = name;
    public Type Type { get; } = type;
    public string? Description { get; init; }
    public bool Required { get; init; }
}
