using System.Globalization;

namespace AutoShop.Domain.Notifications;

/// <summary>A quoted price or price range for one service, in one currency.</summary>
public sealed record PriceEstimate
{
    private PriceEstimate(decimal low, decimal high, string currencyCode)
    {
        Low = low;
        High = high;
        CurrencyCode = currencyCode;
    }

    public decimal Low { get; }

    public decimal High { get; }

    /// <summary>ISO 4217 code, upper case (<c>USD</c>).</summary>
    public string CurrencyCode { get; }

    public static Validated<PriceEstimate> Exactly(decimal amount, string currencyCode = "USD") =>
        Between(amount, amount, currencyCode);

    public static Validated<PriceEstimate> Between(decimal low, decimal high, string currencyCode = "USD")
    {
        var code = currencyCode?.Trim().ToUpperInvariant() ?? "";
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
            return Validated<PriceEstimate>.Invalid("currency must be a three-letter ISO 4217 code.");
        if (low < 0 || high < low)
            return Validated<PriceEstimate>.Invalid("a price range needs 0 <= low <= high.");
        return Validated<PriceEstimate>.Valid(new PriceEstimate(low, high, code));
    }

    /// <summary>
    /// "$120.00" or "$120.00 - $180.00" in the language's number format. A plain hyphen, not an
    /// en dash: the en dash is outside GSM-7 and would halve an SMS's capacity.
    /// </summary>
    public string ToText(Language language)
    {
        var format = (NumberFormatInfo)language.Culture.NumberFormat.Clone();
        // "$" only means our currency where the culture's region uses it; otherwise spell the code.
        if (new RegionInfo(language.Culture.Name).ISOCurrencySymbol != CurrencyCode)
            format.CurrencySymbol = CurrencyCode + " ";
        var low = Low.ToString("C", format);
        return Low == High ? low : $"{low} - {High.ToString("C", format)}";
    }
}
