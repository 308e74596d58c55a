using System.Security.Claims;
using System.Text.Encodings.Web;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Reporting.Dashboard;

/// <summary>
/// Staff sign-in for the dashboard and its CSV downloads: a valid <c>?access=</c> link token for the
/// requested shop, or else whatever the app's default staff sign-in says (API key or bearer token).
/// The token only ever opens GET requests of endpoints under <see cref="PolicyName"/>.
/// </summary>
public sealed class DashboardLinkAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DashboardLinks links)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DashboardLink";
    public const string PolicyName = "StaffOrDashboardLink";
    public const string QueryParameter = "access";
    public const string LinkClaim = "dashboard-link";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Query[QueryParameter].ToString();
        if (token.Length == 0) return await Context.AuthenticateAsync(); // the default staff scheme
        if (!HttpMethods.IsGet(Request.Method)) return AuthenticateResult.Fail("Dashboard links only open pages and downloads.");
        if (links.Validate(token) is not { } access) return AuthenticateResult.Fail("The dashboard link is not valid or has expired.");
        var shop = Request.RouteValues["shopId"] as string ?? Request.Query["shopId"].ToString();
        if (!string.Equals(shop, access.Shop.Value, StringComparison.Ordinal)) return AuthenticateResult.Fail("The dashboard link is for another shop.");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, access.StaffId), new Claim(ClaimTypes.Role, StaffPolicy.Role), new Claim(LinkClaim, access.Shop.Value)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
