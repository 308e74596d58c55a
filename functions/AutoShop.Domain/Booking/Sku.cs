namespace AutoShop.Domain.Booking;

/// <summary>A part number from the parts master: upper-case letters, digits and '-', at most 32 characters.</summary>
public readonly record struct Sku : IComparable<Sku>
{
    private const int MaxLength = 32;
    private readonly string? value;

    private Sku(string value) => this.value = value;

    public string Value => value ?? "";

    public static Result<Sku, ValidationError> TryParse(string? text, string field = "sku")
    {
        var sku = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(sku))
            return new ValidationError(field, "is required.");
        if (sku.Length > MaxLength)
            return new ValidationError(field, $"must be at most {MaxLength} characters.");
        if (!sku.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '-'))
            return new ValidationError(field, "may contain only A-Z, 0-9 and '-'.");
        return new Sku(sku);
    }

    public static Sku Parse(string text) => TryParse(text).OrThrow();

    public int CompareTo(Sku other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
