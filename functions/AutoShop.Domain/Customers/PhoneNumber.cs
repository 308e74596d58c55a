using PhoneNumbers;
using LibPhoneNumber = PhoneNumbers.PhoneNumber;

namespace AutoShop.Domain.Customers;

/// <summary>A dialable phone number, kept in E.164 (<c>+15551234567</c>) so SMS and lookups agree on one spelling.</summary>
public sealed record PhoneNumber
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private PhoneNumber(string e164) => E164 = e164;

    public string E164 { get; }

    /// <summary>
    /// Parses what a customer typed. A number without a '+' prefix is read in
    /// <paramref name="defaultRegion"/> (the shop's country), as a local caller would dial it.
    /// </summary>
    public static Result<PhoneNumber, ValidationError> TryParse(string? text, string defaultRegion, string field = "phone")
    {
        if (string.IsNullOrWhiteSpace(text))
            return new ValidationError(field, "is required.");
        if (!IsSupportedRegion(defaultRegion))
            return new ValidationError(field, $"cannot be read: '{defaultRegion}' is not a known phone region.");
        LibPhoneNumber parsed;
        try
        {
            parsed = Util.Parse(text, defaultRegion.ToUpperInvariant());
        }
        catch (NumberParseException ex)
        {
            // The library reports malformed input only by throwing; we turn that into a result.
            return new ValidationError(field, $"is not a phone number ({ex.ErrorType}).");
        }
        if (!Util.IsValidNumber(parsed))
            return new ValidationError(field, "is not a valid phone number for its country.");
        return new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164));
    }

    public static PhoneNumber Parse(string text, string defaultRegion) => TryParse(text, defaultRegion).OrThrow();

    /// <summary>Whether <paramref name="region"/> is an ISO 3166 country the phone library can dial from, e.g. "US".</summary>
    public static bool IsSupportedRegion(string? region) =>
        region is not null && Util.GetSupportedRegions().Contains(region.ToUpperInvariant());

    public override string ToString() => E164;
}
