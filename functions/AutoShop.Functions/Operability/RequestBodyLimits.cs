using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace AutoShop.Functions.Operability;

/// <summary>
/// An endpoint's body limit that is a setting, read from the request's services when the request arrives:
/// a function states its limit with an attribute, and an attribute has no services of its own. Takes
/// precedence over <see cref="IRequestSizeLimitMetadata"/>.
/// </summary>
public interface IRequestBodyLimitSetting
{
    long? MaxRequestBodySize(IServiceProvider services);
}

/// <summary>
/// Every request body is capped (1 MiB unless the endpoint says otherwise), whether or not it
/// announces its length: a chunked body is counted as it is read and refused with 413 at the first
/// byte over the limit, so no reader buffers more. Kestrel enforces its own limit only when the app
/// runs on Kestrel and not on the test server or behind the Functions host's proxy; counting here
/// holds everywhere. A body in a charset nothing can decode is 415 before any reader meets it
/// (System.Text.Json threw an <see cref="InvalidOperationException"/> for it, a 500).
/// </summary>
public static class RequestBodyLimits
{
    public const long DefaultMaxBytes = 1024 * 1024;

    /// <summary>After routing, so the endpoint's limit is known.</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }) return next(context);
        var request = context.Request;
        if (request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Charset.HasValue && mediaType.Encoding is null)
            throw new BadHttpRequestException($"The charset '{mediaType.Charset}' is not one the app can read; send UTF-8.", StatusCodes.Status415UnsupportedMediaType);
        var metadata = context.GetEndpoint()?.Metadata;
        var limit = metadata?.GetMetadata<IRequestBodyLimitSetting>() is { } setting ? setting.MaxRequestBodySize(context.RequestServices)
            : metadata?.GetMetadata<IRequestSizeLimitMetadata>() is { } size ? size.MaxRequestBodySize
            : DefaultMaxBytes;
        if (limit is not { } max) return next(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server) server.MaxRequestBodySize = max;
        request.Body = new LimitedRequestBody(request.Body, max, request.ContentLength);
        return next(context);
    });
}
