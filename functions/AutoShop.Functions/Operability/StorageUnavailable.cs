using System.Globalization;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Operability;

/// <summary>
/// The answer while storage cannot serve a request: 503 problem details with <c>Retry-After</c>, so clients
/// back off and try again (a booking with the same <c>Idempotency-Key</c>, which makes the retry safe
/// whether or not the first attempt was written).
/// </summary>
public sealed class StorageUnavailableAnswer(IProblemDetailsService problems, IOptions<StorageResilienceOptions> options)
{
    public const string Title = "Storage is unavailable";

    public const string StorageFailed =
        "The app's storage is not answering. The request may or may not have taken effect: retry it later (a booking with the same Idempotency-Key).";

    public const string OverBudget =
        "The app's storage did not answer in time. The request may or may not have taken effect: retry it later (a booking with the same Idempotency-Key).";

    /// <summary>Replaces whatever the request had begun to set (a CSV download's headers, say) with the 503.</summary>
    public async Task WriteAsync(HttpContext context, string detail)
    {
        context.Response.Clear();
        context.Response.Headers[CorrelationId.Header] = CorrelationId.Of(context);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds(options.Value.RetryAfter);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = Title, Detail = detail },
        });
    }

    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Maps storage faults that escape an endpoint (the SDK gave up: refused connections, throttling, attempts
/// without a reply) to <see cref="StorageUnavailableAnswer"/> instead of a 500. Registered once for the whole app.
/// </summary>
public sealed partial class StorageUnavailableHandler(StorageUnavailableAnswer answer, ILogger<StorageUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageFaults.IsUnavailable(exception)) return false;
        LogUnavailable(logger, exception);
        await answer.WriteAsync(httpContext, StorageUnavailableAnswer.StorageFailed);
        return true;
    }

    [LoggerMessage(LogLevel.Warning, "A request failed because storage is unavailable; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
