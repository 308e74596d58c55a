using System.Globalization;
using System.Threading.RateLimiting;
using AutoShop.Functions.Links;
using Microsoft.AspNetCore.RateLimiting;

namespace AutoShop.Functions.Pages;

/// <summary>Token endpoints are rate limited per client address, so guessing tokens is slow and noisy.</summary>
public static class RateLimits
{
    public const string Tokens = "tokens";

    public static IServiceCollection AddTokenRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetSection(SignedLinkOptions.Section).Get<SignedLinkOptions>()?.TokenRequestsPerMinute ?? 60;
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Tokens, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests", Detail = "Slow down and try again after the Retry-After period." },
                });
            };
        });
    }
}
