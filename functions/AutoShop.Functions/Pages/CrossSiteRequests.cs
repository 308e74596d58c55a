using AutoShop.Functions.Links;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Pages;

/// <summary>
/// Refuses state-changing requests (POST, PUT, PATCH, DELETE) that a browser sent on another
/// site's behalf, for every endpoint at once, so a page form added later is covered without
/// opting in. The per-link form token stays; this is the second guard, and the only one for a
/// page whose link has leaked. The rule:
/// <list type="bullet">
/// <item><c>Sec-Fetch-Site: cross-site</c> is refused.</item>
/// <item>An <c>Origin</c> header must be exactly the public origin (<c>Links:PublicBaseUrl</c>);
/// <c>Origin: null</c> (sandboxed frames, <c>data:</c> pages, redirects across sites) is refused.
/// Pages send <c>Referrer-Policy: same-origin</c>, under which browsers send their real
/// origin on a same-origin form POST (under <c>no-referrer</c> they send <c>null</c>).</item>
/// <item>No <c>Origin</c> is allowed: browsers from before Origin on POST (Firefox before 70)
/// and clients that are not browsers (the Functions host, scripts with a staff key) send none,
/// and a forging page cannot stop a current browser from sending one; <c>Sec-Fetch-Site</c>,
/// when present, was already judged above.</item>
/// </list>
/// The JSON API answers no CORS preflight, so a browser on another site reaches it only with
/// requests a form could send, which this refuses too. A refusal changes nothing: it answers
/// 403 before the endpoint runs, as a page when a browser asked for one.
/// </summary>
public sealed partial class CrossSiteRequests(RequestDelegate next, IOptions<SignedLinkOptions> links, IProblemDetailsService problems,
    ILogger<CrossSiteRequests> logger)
{
    private readonly string publicOrigin = OriginOf(links.Value.PublicBaseUrl!);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || Refusal(request) is not { } why)
        {
            await next(context);
            return;
        }
        LogRefused(logger, request.Method, context.GetEndpoint()?.DisplayName ?? "(no endpoint)", why);
        if (request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            await PageLayout.Message("Please try again", "This form did not come from our page. Open the link from your message and try again.",
                "error", StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Cross-site request refused", Detail = why },
        });
    }

    /// <summary>Why the request looks sent by another site, or null when it does not.</summary>
    private string? Refusal(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Equals("cross-site", StringComparison.OrdinalIgnoreCase))
            return "The browser says this request came from another site (Sec-Fetch-Site: cross-site).";
        if (request.Headers.Origin.Count == 0) return null;
        var origin = request.Headers.Origin.ToString();
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && OriginOf(uri) == publicOrigin
            ? null
            : $"The request's Origin is not {publicOrigin}.";
    }

    /// <summary>scheme://host[:port], lower case, the default port left out, as browsers serialise an origin.</summary>
    private static string OriginOf(Uri uri) => uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    [LoggerMessage(LogLevel.Warning, "Refused a cross-site {Method} to {Endpoint}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string endpoint, string reason);
}
