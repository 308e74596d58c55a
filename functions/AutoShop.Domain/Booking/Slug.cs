namespace AutoShop.Domain.Booking;

/// <summary>
/// The one spelling rule for keys that end up in Azure Table partition and row keys:
/// lower-case ASCII letters, digits and '-', 1–64 characters. That excludes every character
/// Table keys forbid ('/', '\', '#', '?', control characters) and leaves '_' free as the
/// separator of composite keys.
/// </summary>
internal static class Slug
{
    public const int MaxLength = 64;

    /// <summary>Validates <paramref name="text"/> as-is: ids are compared byte for byte, so we never guess a case.</summary>
    public static Result<string, ValidationError> Validate(string? text, string field, int maxLength = MaxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
            return new ValidationError(field, "is required.");
        if (text.Length > maxLength)
            return new ValidationError(field, $"must be at most {maxLength} characters; got {text.Length}.");
        foreach (var c in text)
        {
            if (!IsSlugChar(c))
                return new ValidationError(field, $"may contain only a-z, 0-9 and '-'; '{Printable(c)}' is not allowed.");
        }
        if (text[0] == '-' || text[^1] == '-')
            return new ValidationError(field, "must not start or end with '-'.");
        return text;
    }

    /// <summary>Catalog codes are typed by people, so they are trimmed and lower-cased first.</summary>
    public static Result<string, ValidationError> Normalize(string? text, string field, int maxLength = MaxLength) =>
        Validate(text?.Trim().ToLowerInvariant(), field, maxLength);

    private static bool IsSlugChar(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-';

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
