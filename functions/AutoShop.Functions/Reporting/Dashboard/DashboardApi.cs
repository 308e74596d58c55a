using System.Security.Claims;
using System.Security.Cryptography;
using AutoShop.Domain;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace AutoShop.Functions.Reporting.Dashboard;

/// <summary>The ops dashboard page and the signed links that open it from a browser.</summary>
public static class DashboardApi
{
    public const int DefaultDays = 7;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ops/dashboard", Show)
            .WithName("OpsDashboard").WithTags("Reporting").RequireAuthorization(DashboardLinkAuthenticationHandler.PolicyName)
            .WithSummary("The ops dashboard (HTML): KPIs with server-drawn SVG charts and CSV downloads")
            .WithDescription("Staff only: the `X-Api-Key` header (or a bearer token), or `?access=` with a link from `POST /api/ops/dashboard-links`. `from`/`to` are shop-local dates; without them, the last 7 days up to yesterday. The page loads nothing from anywhere (strict CSP), and is sent with `Cache-Control: no-store` and `Referrer-Policy: no-referrer`.");
        app.MapPost("/api/ops/dashboard-links", CreateLink)
            .WithName("CreateDashboardLink").WithTags("Reporting").RequireAuthorization(StaffPolicy.Name)
            .WithSummary("Mints a short-lived signed link to a shop's dashboard, for a browser that cannot send the staff key")
            .WithDescription("The link's `access` token opens the dashboard and its CSV downloads of that shop only (GET), until `expiresAt` (setting `Reporting:DashboardLinkLifetime`, 15 minutes by default). 503 when `Reporting:DashboardSigningKey` is not configured.");
        return app;
    }

    public sealed record DashboardLinkRequest(string? ShopId, string? From, string? To);

    public sealed record DashboardLink(string Url, DateTimeOffset ExpiresAt);

    public static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> Show(
        string? shopId, string? from, string? to, string? access, HttpContext http, ClaimsPrincipal user,
        IShopStore shops, ShopKpis kpis, DashboardLinks links, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(shopId)) return Invalid("shopId", "is required.");
        var setup = await ShopsApi.FindAsync(shopId, shops, ct);
        if (setup is null) return ShopsApi.ShopNotFound(shopId);
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

    public static async Task<Results<Ok<DashboardLink>, ProblemHttpResult, ValidationProblem>> CreateLink(
        DashboardLinkRequest? request, HttpContext http, ClaimsPrincipal user, IShopStore shops, DashboardLinks links, TimeProvider clock, CancellationToken ct)
    {
        if (!links.IsConfigured)
            return TypedResults.Problem(title: "Dashboard links are not configured", statusCode: StatusCodes.Status503ServiceUnavailable,
                detail: "Set Reporting__DashboardSigningKey (at least 32 characters) to mint dashboard links.");
        if (string.IsNullOrWhiteSpace(request?.ShopId)) return Invalid("shopId", "is required.");
        var setup = await ShopsApi.FindAsync(request.ShopId, shops, ct);
        if (setup is null) return ShopsApi.ShopNotFound(request.ShopId);
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

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
