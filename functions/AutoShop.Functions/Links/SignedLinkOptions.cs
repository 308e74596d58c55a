using System.ComponentModel.DataAnnotations;

namespace AutoShop.Functions.Links;

/// <summary>
/// Signed links. Keys are <c>keyId:base64key</c> (at least 32 random bytes); <c>Current</c> signs,
/// <c>Current</c> and <c>Previous</c> verify, so a rotation keeps links already sent working until
/// the previous key is removed. A key id that is neither is rejected.
/// </summary>
public sealed class SignedLinkOptions : IValidatableObject
{
    public const string Section = "Links";

    /// <summary>Base URL customers and staff open links on, e.g. https://autoshop.example.com.</summary>
    [Required(ErrorMessage = "Links__PublicBaseUrl is required (the public base URL of the app).")]
    public Uri? PublicBaseUrl { get; set; }

    public SigningKeyOptions SigningKeys { get; set; } = new();

    /// <summary>How long after the appointment ends a customer's manage link keeps working.</summary>
    public TimeSpan ManageLinkGrace { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Requests per minute per client address on token endpoints.</summary>
    public int TokenRequestsPerMinute { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { ("Current", SigningKeys.Current), ("Previous", SigningKeys.Previous) })
        {
            if (name == "Previous" && string.IsNullOrWhiteSpace(value)) continue;
            if (!SigningKey.TryParse(value, out _, out var problem))
                yield return new ValidationResult($"Links__SigningKeys__{name}: {problem}", [nameof(SigningKeys)]);
        }
    }
}

public sealed class SigningKeyOptions
{
    public string? Current { get; set; }
    public string? Previous { get; set; }
}

public sealed record SigningKey(string Id, byte[] Key)
{
    public static bool TryParse(string? text, out SigningKey key, out string problem)
    {
        key = null!;
        var parts = text?.Split(':', 2);
        if (parts is not [var id, var material] || id.Length is 0 or > 16 || !id.All(char.IsAsciiLetterOrDigit))
        {
            problem = "must be 'keyId:base64key' with a short alphanumeric key id.";
            return false;
        }
        try
        {
            var bytes = Convert.FromBase64String(material);
            if (bytes.Length < 32)
            {
                problem = "the key must be at least 32 bytes (base64 of 32 random bytes).";
                return false;
            }
            key = new SigningKey(id, bytes);
            problem = "";
            return true;
        }
        catch (FormatException)
        {
            problem = "the key is not valid base64.";
            return false;
        }
    }
}
