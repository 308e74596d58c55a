using System.Collections.Frozen;
using NodaTime;
using PhoneNumbers;
using DomainPhoneNumber = AutoShop.Domain.Customers.PhoneNumber;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// Where the holder of a phone number probably is, for quiet hours: the IANA zones its area code
/// (or country) covers, from libphonenumber's offline time-zone data, and whether it is a Florida
/// number. A mobile number says where it was issued, not where its holder is tonight; that is the
/// best a number tells, and what the TCPA's "called party's location" is judged by in practice.
/// </summary>
/// <param name="Zones">Empty when the number says nothing about a place (toll-free, personal, unknown).</param>
public sealed record RecipientRegion(IReadOnlyList<DateTimeZone> Zones, bool Florida)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper Mapper = PhoneNumberToTimeZonesMapper.GetInstance();

    /// <summary>
    /// Florida's area codes (NANPA; libphonenumber's geocoder names each "Florida" or "…, FL", and a
    /// test holds the two lists together). Florida law limits texts to 08:00-20:00 at the recipient.
    /// </summary>
    public static FrozenSet<string> FloridaAreaCodes { get; } = new[]
    {
        "239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "689",
        "727", "728", "754", "772", "786", "813", "850", "863", "904", "941", "954",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Florida zones by area code, where libphonenumber's are not right: 850 and its overlay 448
    /// cover the western panhandle, which keeps Central time (the library says Eastern only), and
    /// 689 is Orlando's overlay, Eastern (the library says Central). Every other Florida code is Eastern.
    /// </summary>
    private static readonly FrozenDictionary<string, string[]> FloridaZones = new Dictionary<string, string[]>
    {
        ["850"] = ["America/New_York", "America/Chicago"],
        ["448"] = ["America/New_York", "America/Chicago"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Number types that belong to no place: their time-zone data is a whole country or plan.</summary>
    private static readonly FrozenSet<PhoneNumberType> Placeless = new[]
    {
        PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST, PhoneNumberType.PERSONAL_NUMBER,
        PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL, PhoneNumberType.PAGER, PhoneNumberType.VOIP, PhoneNumberType.UNKNOWN,
    }.ToFrozenSet();

    public static RecipientRegion Unknown { get; } = new([], false);

    public static RecipientRegion Of(DomainPhoneNumber phone)
    {
        PhoneNumbers.PhoneNumber parsed;
        try
        {
            parsed = Util.Parse(phone.E164, "ZZ");
        }
        catch (NumberParseException)
        {
            return Unknown; // a PhoneNumber was validated when made; this only guards against a library change
        }
        if (Placeless.Contains(Util.GetNumberType(parsed))) return Unknown;

        var national = parsed.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (parsed.CountryCode == 1 && Util.GetRegionCodeForNumber(parsed) == "US" && national.Length == 10 && FloridaAreaCodes.Contains(national[..3]))
            return new RecipientRegion(ZonesOf(FloridaZones.GetValueOrDefault(national[..3]) ?? ["America/New_York"]), Florida: true);

        return new RecipientRegion(ZonesOf(Mapper.GetTimeZonesForNumber(parsed)), Florida: false);
    }

    private static List<DateTimeZone> ZonesOf(IEnumerable<string> ids) =>
        [.. ids.Select(id => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id)).OfType<DateTimeZone>().Distinct()];
}
