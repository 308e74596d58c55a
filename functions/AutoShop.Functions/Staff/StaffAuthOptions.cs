using System.ComponentModel.DataAnnotations;

namespace AutoShop.Functions.Staff;

/// <summary>
/// Staff authentication: Entra ID bearer tokens in Azure, configured API keys locally
/// (<c>Staff__ApiKeys__{staffId}</c> = key). At least one must be set.
/// </summary>
public sealed class StaffAuthOptions : IValidatableObject
{
    public const string Section = "Staff";

    public Dictionary<string, string> ApiKeys { get; set; } = [];

    /// <summary>e.g. https://login.microsoftonline.com/{tenant}/v2.0</summary>
    public string? EntraAuthority { get; set; }
    public string? EntraAudience { get; set; }
    /// <summary>App role a token must carry to act as staff.</summary>
    public string EntraRole { get; set; } = "AutoShop.Staff";

    public bool UsesEntra => !string.IsNullOrWhiteSpace(EntraAuthority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKeys.Count == 0 && !UsesEntra)
            yield return new ValidationResult("Configure Staff__EntraAuthority (Azure) or at least one Staff__ApiKeys__{staffId} (local).", [nameof(ApiKeys)]);
        if (UsesEntra && string.IsNullOrWhiteSpace(EntraAudience))
            yield return new ValidationResult("Staff__EntraAudience is required with Staff__EntraAuthority.", [nameof(EntraAudience)]);
        foreach (var (id, key) in ApiKeys)
            if (key.Length < 16)
                yield return new ValidationResult($"Staff__ApiKeys__{id} must be at least 16 characters.", [nameof(ApiKeys)]);
    }
}
