namespace AutoShop.Functions.Hosting.Http;

/// <summary>Query-string values as HTTP functions read them (documented with <see cref="QueryParameterAttribute"/>).</summary>
public static class QueryValues
{
    /// <summary>The parameter's value, or null when it is absent; of repeated values, the first.</summary>
    public static string? QueryText(this HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
