using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Staff;

/// <summary>Local staff sign-in: <c>X-Api-Key</c> matched in constant time against configured keys.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<StaffAuthOptions> staff) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StaffApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (presented.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        string? match = null;
        foreach (var (staffId, key) in staff.Value.ApiKeys)
        {
            // Check every key so timing reveals neither which key nor how much of it matched.
            if (CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key))) match = staffId;
        }
        if (match is null) return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, match), new Claim(ClaimTypes.Name, match), new Claim(ClaimTypes.Role, StaffPolicy.Role)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
