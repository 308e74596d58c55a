using System.Globalization;

namespace AutoShop.Domain.Customers;

/// <summary>
/// An email address we are willing to send to. The check is deliberately "sane", not full
/// RFC 5322: a dot-atom local part (no quoted strings, no comments) and a DNS host name with
/// at least two labels. The domain is lower-cased (DNS is case-insensitive); the local part
/// keeps its case because some mail servers honour it.
/// </summary>
public sealed record EmailAddress
{
    public const int MaxLength = 254;
    private const int MaxLocalPartLength = 64;
    private const string AtomSpecials = "!#$%&'*+/=?^_`{|}~-";
    private static readonly IdnMapping Idn = new();

    private EmailAddress(string localPart, string domain)
    {
        LocalPart = localPart;
        Domain = domain;
    }

    public string LocalPart { get; }

    public string Domain { get; }

    public string Value => $"{LocalPart}@{Domain}";

    public static Result<EmailAddress, ValidationError> TryParse(string? text, string field = "email")
    {
        var email = text?.Trim();
        if (string.IsNullOrEmpty(email))
            return new ValidationError(field, "is required.");
        if (email.Length > MaxLength)
            return new ValidationError(field, $"must be at most {MaxLength} characters.");
        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
            return new ValidationError(field, "must look like name@example.com.");
        var local = email[..at];
        var localProblem = LocalPartProblem(local);
        if (localProblem is not null)
            return new ValidationError(field, localProblem);
        var domain = AsciiDomain(email[(at + 1)..]);
        if (domain is null)
            return new ValidationError(field, "has an invalid domain after '@'.");
        return new EmailAddress(local, domain);
    }

    public static EmailAddress Parse(string text) => TryParse(text).OrThrow();

    public override string ToString() => Value;

    private static string? LocalPartProblem(string local)
    {
        if (local.Length > MaxLocalPartLength)
            return $"must have at most {MaxLocalPartLength} characters before '@'.";
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            return "must not start or end with '.', or repeat '.', before '@'.";
        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && !AtomSpecials.Contains(c))
                return $"must not contain '{c}' before '@'.";
        }
        return null;
    }

    // International domains are stored in their ASCII (punycode) form so every mail relay accepts them.
    private static string? AsciiDomain(string domain)
    {
        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
        var labels = ascii.Split('.');
        if (labels.Length < 2)
            return null;
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return null;
            if (!label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                return null;
        }
        return labels[^1].All(char.IsAsciiDigit) ? null : ascii;
    }
}
