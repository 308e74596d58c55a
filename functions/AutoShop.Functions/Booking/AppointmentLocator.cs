using System.Globalization;
using System.Security.Cryptography;
using AutoShop.Domain.Booking;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Booking;

/// <summary>
/// Appointment ids say where the appointment was first stored: <c>{yyyyMMdd}-{random}-{shopId}</c>.
/// That lets a lookup by id go straight to the shop-day partition with no index table to keep in
/// step (an index could not be written in the same transaction as the booking).
/// </summary>
public static class AppointmentLocator
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private const int RandomLength = 12;
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    public static AppointmentId NewId(ShopId shop, LocalDate date)
    {
        Span<char> random = stackalloc char[RandomLength];
        for (var i = 0; i < RandomLength; i++) random[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return AppointmentId.Parse($"{DatePattern.Format(date)}-{random}-{shop.Value}");
    }

    /// <summary>
    /// The id a booking made under an <c>Idempotency-Key</c> gets: the same for every retry of that request, so a
    /// retry whose first attempt was written (its answer lost, or out of time) finds the appointment instead of
    /// booking the customer twice. Same shape and alphabet as a random id.
    /// </summary>
    public static AppointmentId IdFor(ShopId shop, LocalDate date, ReadOnlySpan<byte> digest)
    {
        Span<char> derived = stackalloc char[RandomLength];
        for (var i = 0; i < RandomLength; i++) derived[i] = Alphabet[digest[i % digest.Length] % Alphabet.Length];
        return AppointmentId.Parse($"{DatePattern.Format(date)}-{derived}-{shop.Value}");
    }

    /// <summary>The shop and the local date the id was minted for, or null for ids not minted here.</summary>
    public static (ShopId Shop, LocalDate Date)? Locate(AppointmentId id)
    {
        var text = id.Value;
        if (text.Length < 8 + 1 + RandomLength + 2 || text[8] != '-' || text[9 + RandomLength] != '-') return null;
        var date = DatePattern.Parse(text[..8]);
        var shop = ShopId.TryParse(text[(10 + RandomLength)..]);
        return date.Success && shop.IsSuccess ? (shop.Value, date.Value) : null;
    }

    public static string Partition(ShopId shop, LocalDate date) =>
        $"{shop.Value}|{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
