namespace AutoShop.Domain.Booking;

/// <summary>An amount in one ISO 4217 currency. Estimates only: the domain never adds different currencies.</summary>
public readonly record struct Money
{
    private Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    public string Currency { get; }

    public static Result<Money, ValidationError> TryCreate(decimal amount, string? currency, string field = "price")
    {
        if (amount < 0)
            return new ValidationError($"{field}.amount", "must not be negative.");
        var code = currency?.Trim().ToUpperInvariant();
        if (code is null || code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
            return new ValidationError($"{field}.currency", "must be a three-letter ISO 4217 code such as USD.");
        return new Money(amount, code);
    }

    public static Money Of(decimal amount, string currency) => TryCreate(amount, currency).OrThrow();

    public override string ToString() => $"{Amount:0.00} {Currency}";
}
