using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Functions.Booking.Storage;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Booking;

/// <summary>A moment shown both ways: shop-local with its offset, and UTC.</summary>
public sealed record ShopTime(string Local, string Utc)
{
    private static readonly OffsetDateTimePattern LocalPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:sso<+HH:mm>");

    public static ShopTime Of(Instant instant, DateTimeZone zone) =>
        new(LocalPattern.Format(instant.InZone(zone).ToOffsetDateTime()), Instants.Format(instant));
}

public sealed record CustomerDto(string Name, string? Email, string? Phone, bool EmailOptIn, bool SmsOptIn, IReadOnlyList<string> PreferredChannels, string Language);

public sealed record VehicleDto(string? Vin, string? Plate, string Make, string Model, int Year, int? Mileage);

public sealed record ActorDto(string Kind, string Id);

public sealed record CancellationDto(string ReasonCode, ActorDto By, string At);

/// <summary>An appointment as the API and its events show it.</summary>
public sealed record AppointmentDto(
    string Id, string ShopId, string Status, int Version, string TimeZone, ShopTime Start, ShopTime End,
    IReadOnlyList<string> Services, int LaborMinutes, string TechnicianId, string BayId, IReadOnlyList<string> Tools,
    CustomerDto Customer, VehicleDto Vehicle, string? Notes, string Source, string CreatedAt, int RescheduleCount,
    CancellationDto? Cancellation)
{
    /// <summary>The customer's signed manage link; only in the answer to the booking itself.</summary>
    public string? ManageUrl { get; init; }

    /// <summary>Only on the booking answer: parts of the booked services short in stock at booking time (informational).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? PartsWarnings { get; init; }

    public static AppointmentDto From(Appointment a)
    {
        var zone = DateTimeZoneProviders.Tzdb[a.ShopZoneId];
        var c = a.Customer;
        return new AppointmentDto(a.Id.Value, a.ShopId.Value, Wire(a.Status), a.Version, a.ShopZoneId,
            ShopTime.Of(a.Start, zone), ShopTime.Of(a.End, zone), [.. a.ServiceCodes.Select(s => s.Value)], a.LaborMinutes,
            a.Resources.TechnicianId.Value, a.Resources.BayId.Value, [.. a.Resources.ToolUnits.Select(t => t.ToString())],
            new CustomerDto(c.Name, c.Email?.Value, c.Phone?.E164, c.Preferences.EmailOptIn, c.Preferences.SmsOptIn,
                [.. new[] { ContactChannels.Email, ContactChannels.Sms }.Where(ch => c.Preferences.PreferredChannels.HasFlag(ch)).Select(ch => ch.ToString().ToLowerInvariant())],
                ContactPreferences.LanguageCode(c.Preferences.Language)),
            new VehicleDto(a.Vehicle.Vin?.Value, a.Vehicle.Plate, a.Vehicle.Make, a.Vehicle.Model, a.Vehicle.Year, a.Vehicle.Mileage),
            a.Notes, Wire(a.Source), Instants.Format(a.CreatedAt), a.RescheduleCount,
            a.Cancellation is { } x ? new CancellationDto(x.Reason.Value, ActorOf(x.By), Instants.Format(x.At)) : null);
    }

    public static ActorDto ActorOf(Actor actor) => new(actor.Kind.ToString().ToLowerInvariant(), actor.Id);

    /// <summary>Enum values travel in kebab-case: <c>checked-in</c>, <c>no-show</c>, <c>walk-in</c>.</summary>
    public static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        string.Concat(value.ToString().Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(ch) : ch.ToString()));
}
