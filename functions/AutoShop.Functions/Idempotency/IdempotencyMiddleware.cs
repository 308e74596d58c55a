using System.Security.Cryptography;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace AutoShop.Functions.Idempotency;

/// <summary>
/// The key a request runs under (a request feature), for endpoints that name what they write after it: a retry
/// after an answer that never arrived then finds the first attempt's work instead of doing it again.
/// </summary>
public sealed record IdempotencyKeyFeature(string Scope, string Key, string RequestHash)
{
    /// <summary>A stable digest of scope, key and body: the same for every retry of this request, different for any other.</summary>
    public byte[] Digest() => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{Scope}\n{Key}\n{RequestHash}"));
}

/// <summary>
/// <c>Idempotency-Key</c> after the IETF httpapi draft: the first request with a key runs and its
/// response is stored; a retry with the same key and body gets that response replayed; the same key
/// with a different body is 422; a retry while the first is still running is 409. Failures (5xx,
/// exceptions) release the key so the client can try again.
/// </summary>
public sealed partial class IdempotencyMiddleware(
    RequestDelegate next, IIdempotencyStore store, TimeProvider clock, IProblemDetailsService problems, ILogger<IdempotencyMiddleware> logger,
    [FromKeyedServices(RequestBudgetMiddleware.Clock)] TimeProvider realTime)
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 255;
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long freeing a key may hold a failed request's answer. Storage that just failed the request may not
    /// answer this either; the key then stays in flight until it counts as abandoned.
    /// </summary>
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromMilliseconds(500);

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>();
        if (endpoint is null)
        {
            await next(context);
            return;
        }
        if (context.Request.ContentLength > endpoint.MaxBodyBytes)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {endpoint.MaxBodyBytes} bytes.");
            return;
        }
        var body = await BufferBodyAsync(context, endpoint.MaxBodyBytes);
        if (body is null)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {endpoint.MaxBodyBytes} bytes.");
            return;
        }

        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            await next(context);
            return;
        }
        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            await Problem(context, StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", $"The key must be 1-{MaxKeyLength} printable characters.");
            return;
        }

        var hash = Convert.ToHexString(SHA256.HashData(body));
        var started = new IdempotencyRecord(endpoint.Scope, key, hash, false, clock.GetUtcNow(), 0, null, null, []);
        if (!await store.TryStartAsync(started, context.RequestAborted))
        {
            await AnswerRetryAsync(context, endpoint, key, hash);
            return;
        }
        await RunAndRecordAsync(context, started);
    }

    private async Task AnswerRetryAsync(HttpContext context, IdempotentAttribute endpoint, string key, string hash)
    {
        var existing = await store.FindAsync(endpoint.Scope, key, context.RequestAborted);
        if (existing is null)
        {
            await Problem(context, StatusCodes.Status409Conflict, "Request in flight", "A request with this Idempotency-Key was just released; retry it.");
            return;
        }
        if (existing.RequestHash != hash)
        {
            await Problem(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused", "This Idempotency-Key was used with a different request body.");
            return;
        }
        if (!existing.Completed && clock.GetUtcNow() - existing.StartedAt > AbandonedAfter)
        {
            // The instance that started it died mid-request: free the key for this retry's successor.
            await store.ReleaseAsync(endpoint.Scope, key, context.RequestAborted);
        }
        if (!existing.Completed)
        {
            context.Response.Headers.RetryAfter = "1";
            await Problem(context, StatusCodes.Status409Conflict, "Request in flight", "A request with this Idempotency-Key is still being processed.");
            return;
        }
        context.Response.StatusCode = existing.StatusCode;
        if (existing.ContentType is not null) context.Response.ContentType = existing.ContentType;
        if (existing.Location is not null) context.Response.Headers.Location = existing.Location;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.Body.WriteAsync(existing.Body, context.RequestAborted);
    }

    private async Task RunAndRecordAsync(HttpContext context, IdempotencyRecord started)
    {
        var original = context.Response.Body;
        using var capture = new MemoryStream();
        context.Response.Body = capture;
        // The endpoint may derive what it writes from the key, so a retry after an unknown outcome finds it.
        context.Features.Set(new IdempotencyKeyFeature(started.Scope, started.Key, started.RequestHash));
        var ran = false;
        try
        {
            await next(context);
            ran = true;
        }
        finally
        {
            context.Response.Body = original;
            if (!ran) await ReleaseAsync(started);
        }
        var bytes = capture.ToArray();
        if (context.Response.StatusCode >= 500)
            await ReleaseAsync(started);
        else
            await TryCompleteAsync(context, started, bytes);
        await original.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>Frees the key after a failure, for at most <see cref="ReleaseWait"/>; a failure to free it is logged, never thrown over the request's own.</summary>
    private async Task ReleaseAsync(IdempotencyRecord started)
    {
        using var limit = new CancellationTokenSource(ReleaseWait, realTime);
        try
        {
            await store.ReleaseAsync(started.Scope, started.Key, limit.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException || StorageFaults.IsUnavailable(ex) || ex is Azure.RequestFailedException or HttpRequestException)
        {
            LogNotReleased(logger, ex, started.Scope);
        }
    }

    /// <summary>
    /// The work is done (a booking committed): failing to record its answer must not turn it into a
    /// 500 the client would retry. The key then stays in flight, so retries get 409 until it counts as
    /// abandoned.
    /// </summary>
    private async Task TryCompleteAsync(HttpContext context, IdempotencyRecord started, byte[] bytes)
    {
        // Bounded by the request's budget, not by the client: a client that hangs up still gets its answer recorded.
        var budget = context.Features.Get<RequestBudget>()?.Token ?? CancellationToken.None;
        try
        {
            await store.CompleteAsync(started with
            {
                Completed = true,
                StatusCode = context.Response.StatusCode,
                ContentType = context.Response.ContentType,
                Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                Body = bytes,
            }, budget);
        }
        // Out of budget too: the request then answers 503 and its retry finds what it wrote through the key.
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException
                                   || (ex is OperationCanceledException && budget.IsCancellationRequested))
        {
            LogNotRecorded(logger, ex, started.Scope, context.Response.StatusCode);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not record the {StatusCode} answer for an Idempotency-Key in scope {Scope}; retries see it in flight until it is abandoned")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string scope, int statusCode);

    [LoggerMessage(LogLevel.Warning, "Could not free an Idempotency-Key in scope {Scope} after a failed request; retries see it in flight until it is abandoned")]
    private static partial void LogNotReleased(ILogger logger, Exception exception, string scope);

    /// <summary>Reads the body into memory (bounded) so it can be hashed and then read again by the endpoint.</summary>
    private static async Task<byte[]?> BufferBodyAsync(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit + 1;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) return null;
        }
        var bytes = buffer.ToArray();
        context.Request.Body = new MemoryStream(bytes, writable: false);
        return bytes;
    }

    private async Task Problem(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
