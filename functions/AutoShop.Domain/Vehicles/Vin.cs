namespace AutoShop.Domain.Vehicles;

/// <summary>
/// A vehicle identification number (ISO 3779): 17 characters, upper-case, never I, O or Q.
/// <para>
/// Check digit rule: position 9 carries a check digit (weighted sum mod 11, 10 written as 'X')
/// in the North-American scheme. It is <b>mandatory</b> when the WMI starts with 1–5 (vehicles
/// made for the US, Canada and Mexico, where 49 CFR 565 requires it) and a wrong one is rejected.
/// Other VINs (Europe, Asia) are accepted either way because their makers need not compute it;
/// <see cref="HasValidCheckDigit"/> still tells whether it happens to be right.
/// </para>
/// </summary>
public sealed record Vin
{
    public const int Length = 17;
    private const int CheckDigitPosition = 8;
    private static readonly int[] Weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

    private Vin(string value) => Value = value;

    public string Value { get; }

    public bool HasValidCheckDigit => Value[CheckDigitPosition] == ExpectedCheckDigit(Value);

    public static Result<Vin, ValidationError> TryParse(string? text, string field = "vin")
    {
        var vin = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(vin))
            return new ValidationError(field, "is required.");
        if (vin.Length != Length)
            return new ValidationError(field, $"must be exactly {Length} characters; got {vin.Length}.");
        foreach (var c in vin)
        {
            if (c is 'I' or 'O' or 'Q')
                return new ValidationError(field, $"must not contain '{c}' (VINs never use I, O or Q).");
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
                return new ValidationError(field, $"may contain only letters and digits; '{c}' is not allowed.");
        }
        var expected = ExpectedCheckDigit(vin);
        if (RequiresCheckDigit(vin) && vin[CheckDigitPosition] != expected)
            return new ValidationError(field, $"has check digit '{vin[CheckDigitPosition]}' at position 9 but should have '{expected}'.");
        return new Vin(vin);
    }

    public static Vin Parse(string text) => TryParse(text).OrThrow();

    public override string ToString() => Value;

    private static bool RequiresCheckDigit(string vin) => vin[0] is >= '1' and <= '5';

    private static char ExpectedCheckDigit(string vin)
    {
        var sum = 0;
        for (var i = 0; i < Length; i++)
            sum += Transliterate(vin[i]) * Weights[i];
        var remainder = sum % 11;
        return remainder == 10 ? 'X' : (char)('0' + remainder);
    }

    // ISO 3779 transliteration: letters map to 1–9 in runs that skip I, O and Q (S starts at 2).
    private static int Transliterate(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'H' => c - 'A' + 1,
        >= 'J' and <= 'N' => c - 'J' + 1,
        'P' => 7,
        'R' => 9,
        >= 'S' and <= 'Z' => c - 'S' + 2,
        _ => 0,
    };
}
