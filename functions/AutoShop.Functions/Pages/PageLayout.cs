using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace AutoShop.Functions.Pages;

/// <summary>
/// Server-rendered pages for customers and staff: no scripts, no third-party resources, one inline
/// stylesheet allowed by its hash in a strict CSP, and headers that keep signed URLs out of caches
/// and referrers.
/// </summary>
public static class PageLayout
{
    private const string Css = """
        :root{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2433;background:#f5f6f8}
        body{margin:0}main{max-width:40rem;margin:0 auto;padding:1rem}
        h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
        .card{background:#fff;border-radius:.5rem;padding:1rem;margin:.75rem 0;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        .notice{border-left:4px solid #2f6fed}.error{border-left:4px solid #c62828}.ok{border-left:4px solid #2e7d32}
        label{display:block;margin:.5rem 0 .25rem;font-weight:600}
        select,textarea,input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #9aa3b2;border-radius:.25rem}
        fieldset{border:1px solid #d6dae1;border-radius:.5rem;max-height:18rem;overflow:auto}
        .slot{display:block;padding:.35rem 0;font-weight:400}
        button{margin-top:.75rem;padding:.6rem 1.1rem;font-size:1rem;border:0;border-radius:.35rem;background:#2f6fed;color:#fff;cursor:pointer}
        button.danger{background:#c62828}button:focus,select:focus,textarea:focus,input:focus{outline:3px solid #ffbf47}
        dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}dt{font-weight:600}dd{margin:0}
        """;

    private static readonly string CspStyleHash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)));

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src '{CspStyleHash}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static IResult Render(string title, string body, int status = StatusCodes.Status200OK, string language = "en") =>
        new PageResult($"""
            <!doctype html>
            <html lang="{E(language)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <meta name="referrer" content="same-origin"><title>{E(title)} · AutoShop</title><style>{Css}</style></head>
            <body><main><h1>{E(title)}</h1>
            {body}
            </main></body></html>
            """, status);

    public static IResult Message(string title, string text, string kind = "notice", int status = StatusCodes.Status200OK) =>
        Render(title, $"""<div class="card {kind}" role="status"><p>{E(text)}</p></div>""", status);

    /// <summary>After a form POST: 303, so the browser GETs the page (and a refresh does not repeat the POST).</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            ApplySecurityHeaders(context.Response);
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private sealed class PageResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            ApplySecurityHeaders(context.Response);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(html, context.RequestAborted);
        }
    }

    /// <summary>
    /// Pages behind signed links must not leak their URL or be cached anywhere. <c>same-origin</c>
    /// keeps the URL from every other site as <c>no-referrer</c> did, and lets a form POST carry the
    /// page's real <c>Origin</c> (under <c>no-referrer</c> browsers send <c>Origin: null</c>, which
    /// <see cref="CrossSiteRequests"/> refuses).
    /// </summary>
    public static void ApplySecurityHeaders(HttpResponse response)
    {
        response.Headers["Content-Security-Policy"] = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["X-Frame-Options"] = "DENY";
    }
}
