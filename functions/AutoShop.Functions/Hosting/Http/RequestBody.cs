using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AutoShop.Functions.Hosting.Http;

/// <summary>
/// Reads an HTTP function's JSON body the way minimal APIs bind one (the app's <see cref="JsonOptions"/>), with the same refusals in every
/// environment: 415 for a missing or non-JSON content type, 413 past the function's size limit (also for
/// chunked bodies without a length), 400 for malformed JSON, and 400 naming <c>body</c> for no body (or a
/// JSON <c>null</c>) where one is required. Each refusal is a <see cref="BadHttpRequestException"/> that the
/// problem-details pipeline answers with its status.
/// </summary>
public static class RequestBody
{
    public const long DefaultMaxBytes = 64 * 1024;

    public static async ValueTask<T> ReadJsonAsync<T>(this HttpRequest request, CancellationToken ct, long maxBytes = DefaultMaxBytes)
        where T : class =>
        await ReadOptionalJsonAsync<T>(request, ct, maxBytes) ?? throw MissingBody();

    /// <summary>
    /// As <see cref="ReadJsonAsync{T}"/>, but no body, or a JSON <c>null</c>, reads as <c>null</c>: what minimal APIs
    /// bound to an optional <c>T?</c> body parameter.
    /// </summary>
    public static async ValueTask<T?> ReadOptionalJsonAsync<T>(this HttpRequest request, CancellationToken ct, long maxBytes = DefaultMaxBytes)
        where T : class
    {
        // The JSON settings minimal APIs bind bodies with (web defaults: camelCase, case-insensitive names).
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var type = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey(HeaderNames.TransferEncoding)))
            return null;
        if (!request.HasJsonContentType())
            throw new BadHttpRequestException("Send the body as application/json.", StatusCodes.Status415UnsupportedMediaType);
        if (request.ContentLength > maxBytes)
            throw TooLarge(maxBytes);
        try
        {
            await using var body = new BoundedReadStream(request.Body, maxBytes, () => TooLarge(maxBytes));
            return await JsonSerializer.DeserializeAsync(body, type, ct);
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException($"The request body is not valid JSON for this operation: {ex.Message}", StatusCodes.Status400BadRequest, ex);
        }
    }

    /// <summary>Worded as <c>errors.body</c> "is required" (BadRequestProblems reads "from the request body"), as minimal APIs' refusal of a missing body was.</summary>
    private static BadHttpRequestException MissingBody() =>
        new("A JSON object is required from the request body; none was sent.", StatusCodes.Status400BadRequest);

    private static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"The request body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
