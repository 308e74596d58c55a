using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Staff;

public static class StaffPolicy
{
    public const string Name = "Staff";
    public const string Role = "staff";
    private const string SelectorScheme = "StaffSelector";

    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StaffAuthOptions>().BindConfiguration(StaffAuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var staff = configuration.GetSection(StaffAuthOptions.Section).Get<StaffAuthOptions>() ?? new StaffAuthOptions();

        var auth = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Bearer token or API key", o => o.ForwardDefaultSelector = context =>
                staff.UsesEntra && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (staff.UsesEntra)
        {
            auth.AddJwtBearer(o =>
            {
                o.Authority = staff.EntraAuthority;
                o.Audience = staff.EntraAudience;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.RoleClaimType = "roles";
                o.TokenValidationParameters.NameClaimType = "preferred_username";
            });
        }

        services.AddAuthorizationBuilder().AddPolicy(Name, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context =>
                context.User.IsInRole(Role) ||
                context.User.HasClaim("roles", staff.EntraRole)));
        return services;
    }

    /// <summary>The staff member behind a request, for audit records.</summary>
    public static string StaffId(this ClaimsPrincipal user) =>
        user.FindFirstValue("oid") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity?.Name
        ?? throw new InvalidOperationException("An authenticated staff principal has no identifier.");
}
