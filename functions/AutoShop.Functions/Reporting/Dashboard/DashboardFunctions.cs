using System.Security.Cryptography;
using AutoShop.Domain;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using NodaTime;
using static AutoShop.Functions.Operability.ValidationProblems;

namespace AutoShop.Functions.Reporting.Dashboard;

/// <summary>The ops dashboard page and the signed links that open it from a browser.</summary>
[Tags("Reporting")]
public sealed class DashboardFunctions(IShopStore shops, ShopKpis kpis, DashboardLinks links, TimeProvider clock)
{
    public const int DefaultDays = 7;

    public sealed record DashboardLinkRequest(string? ShopId, string? From, string? To);

    public sealed record DashboardLink(string Url, DateTimeOffset ExpiresAt);

    [Function("OpsDashboard")]
    [Authorize(Policy = DashboardLinkAuthenticationHandler.PolicyName)]
    [EndpointSummary("The ops dashboard (HTML): KPIs with server-drawn SVG charts and CSV downloads")]
    [EndpointDescription("Staff only: the `X-Api-Key` header (or a bearer token), or `?access=` with a link from `POST /api/ops/dashboard-links`. `from`/`to` are shop-local dates; without them, the last 7 days up to yesterday. The page loads nothing from anywhere (strict CSP), and is sent with `Cache-Control: no-store` and `Referrer-Policy: no-referrer`.")]
    [QueryParameter("shopId", typeof(string), Required = true, Description = "The shop whose dashboard to show.")]
    [QueryParameter("from", typeof(DateOnly), Description = ReportingQuery.From + " Defaults to 7 days before `to`.")]
    [QueryParameter("to", typeof(DateOnly), Description = ReportingQuery.To + " Defaults to yesterday.")]
    [QueryParameter(DashboardLinkAuthenticationHandler.QueryParameter, typeof(string), Description = "A dashboard link's token, for a browser that cannot send the staff key.")]
    public async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> OpsDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ops/dashboard")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var (shopId, from, to, access) = (req.QueryText("shopId"), req.QueryText("from"), req.QueryText("to"), req.QueryText(DashboardLinkAuthenticationHandler.QueryParameter));
        var (http, user) = (req.HttpContext, req.HttpContext.User);
        if (string.IsNullOrWhiteSpace(shopId)) return Invalid("shopId", "is required.");
        var setup = await ShopLookup.FindAsync(shopId, shops, ct);
        if (setup is null) return ShopLookup.NotFound(shopId);
        if (!PeriodOrDefault(from, to, setup.Shop.Zone, clock).TryGetValue(out var period, out var error)) return Invalid(error.Field, error.Message);

        var report = await kpis.ComputeAsync(setup, period, ct);
        // Whoever opened the page may download its CSVs: a link reuses its own token, a key holder gets one minted.
        var downloadToken = access ?? (links.IsConfigured ? links.Mint(user.StaffId(), setup.Shop.Id).Token : null);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(DashboardPage.Render(setup.Shop.Name, report, downloadToken, nonce, clock.GetUtcNow()), "text/html; charset=utf-8");
    }

    [Function("CreateDashboardLink")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("Mints a short-lived signed link to a shop's dashboard, for a browser that cannot send the staff key")]
    [EndpointDescription("The link's `access` token opens the dashboard and its CSV downloads of that shop only (GET), until `expiresAt` (setting `Reporting:DashboardLinkLifetime`, 15 minutes by default). 503 when `Reporting:DashboardSigningKey` is not configured.")]
    [JsonBody(typeof(DashboardLinkRequest), Optional = true)]
    public async Task<Results<Ok<DashboardLink>, ProblemHttpResult, ValidationProblem>> CreateDashboardLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/ops/dashboard-links")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadOptionalJsonAsync<DashboardLinkRequest>(ct);
        var (http, user) = (req.HttpContext, req.HttpContext.User);
        if (!links.IsConfigured)
            return TypedResults.Problem(title: "Dashboard links are not configured", statusCode: StatusCodes.Status503ServiceUnavailable,
                detail: "Set Reporting__DashboardSigningKey (at least 32 characters) to mint dashboard links.");
        if (string.IsNullOrWhiteSpace(request?.ShopId)) return Invalid("shopId", "is required.");
        var setup = await ShopLookup.FindAsync(request.ShopId, shops, ct);
        if (setup is null) return ShopLookup.NotFound(request.ShopId);
        if (!PeriodOrDefault(request.From, request.To, setup.Shop.Zone, clock).TryGetValue(out var period, out var error)) return Invalid(error.Field, error.Message);

        var (token, expires) = links.Mint(user.StaffId(), setup.Shop.Id);
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["shopId"] = setup.Shop.Id.Value,
            ["from"] = ReportingPeriod.Format(period.From),
            ["to"] = ReportingPeriod.Format(period.To),
            [DashboardLinkAuthenticationHandler.QueryParameter] = token,
        });
        var origin = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return TypedResults.Ok(new DashboardLink($"{origin}/api/ops/dashboard{query}", expires));
    }

    /// <summary>The given days, or the last <see cref="DefaultDays"/> shop-local days up to yesterday.</summary>
    private static Result<ReportingPeriod, ValidationError> PeriodOrDefault(string? from, string? to, DateTimeZone zone, TimeProvider clock)
    {
        if (from is not null || to is not null) return ReportingPeriod.TryParse(from, to, zone);
        var yesterday = Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(zone).Date.PlusDays(-1);
        return ReportingPeriod.TryCreate(yesterday.PlusDays(1 - DefaultDays), yesterday, zone);
    }
}
