using System.Collections.Immutable;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Vehicles;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Booking;

/// <summary>Everything a booking request says, validated into domain values.</summary>
public sealed record BookingInput(ShopId ShopId, Customer Customer, Vehicle Vehicle, ImmutableArray<ServiceCode> Services,
    LocalDateTime Start, string? Notes, BookingSource Source);

/// <summary>
/// Reads a <see cref="BookAppointmentRequest"/> against its shop, collecting every field error at
/// once (a person fixing a form wants all of them, not one per round trip).
/// </summary>
public static class BookingRequestReader
{
    private static readonly LocalDateTimePattern[] LocalPatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss"),
    ];

    public static Dictionary<string, string[]> ReadShopId(BookAppointmentRequest request, out ShopId shopId)
    {
        var errors = new Dictionary<string, string[]>();
        shopId = default;
        if (Collect(errors, ShopId.TryParse(request.ShopId, "shopId")) is { } id) shopId = id;
        return errors;
    }

    public static Dictionary<string, string[]> Read(BookAppointmentRequest request, ShopSetup setup, TimeProvider clock, out BookingInput? input)
    {
        var errors = new Dictionary<string, string[]>();
        input = null;
        var customer = ReadCustomer(request.Customer, setup.Shop.PhoneRegion, errors);
        var vehicle = ReadVehicle(request.Vehicle, clock, errors);
        var services = ReadServices(request.Services, errors);
        var start = ReadStart(request.Start, setup.Shop.Zone, errors);
        var source = request.Source?.Trim().ToLowerInvariant() switch
        {
            null or "" or "web" => BookingSource.Web,
            "phone" => BookingSource.Phone,
            "walk-in" => BookingSource.WalkIn,
            _ => Add<BookingSource>(errors, "source", "must be 'web', 'phone' or 'walk-in'."),
        };
        if (request.Notes is { Length: > Appointment.MaxNotesLength })
            Add<string>(errors, "notes", $"must be at most {Appointment.MaxNotesLength} characters.");
        if (errors.Count == 0)
            input = new BookingInput(setup.Shop.Id, customer!, vehicle!, services, start!.Value, request.Notes, source);
        return errors;
    }

    /// <summary>Reads a shop-local date-time, or one with an offset converted into the shop's zone.</summary>
    public static LocalDateTime? ReadStart(string? text, DateTimeZone zone, Dictionary<string, string[]> errors, string field = "start")
    {
        if (string.IsNullOrWhiteSpace(text)) return Add<LocalDateTime?>(errors, field, "is required, e.g. 2026-12-01T09:30 (shop-local time).");
        foreach (var pattern in LocalPatterns)
            if (pattern.Parse(text) is { Success: true } local)
                return RequestDates.Contains(local.Value) ? local.Value : Add<LocalDateTime?>(errors, field, RequestDates.OutOfRangeMessage);
        if (OffsetDateTimePattern.ExtendedIso.Parse(text) is { Success: true } withOffset)
            return RequestDates.Contains(withOffset.Value)
                ? withOffset.Value.ToInstant().InZone(zone).LocalDateTime
                : Add<LocalDateTime?>(errors, field, RequestDates.OutOfRangeMessage);
        return Add<LocalDateTime?>(errors, field, "must be a date and time like 2026-12-01T09:30 (shop-local) or with an offset.");
    }

    private static Customer? ReadCustomer(CustomerInput? c, string region, Dictionary<string, string[]> errors)
    {
        if (c is null) return Add<Customer>(errors, "customer", "is required.");
        if (string.IsNullOrWhiteSpace(c.Name)) Add<string>(errors, "customer.name", "is required.");
        var email = string.IsNullOrWhiteSpace(c.Email) ? null : Collect(errors, EmailAddress.TryParse(c.Email, "customer.email"));
        var phone = string.IsNullOrWhiteSpace(c.Phone) ? null : Collect(errors, PhoneNumber.TryParse(c.Phone, region, "customer.phone"));
        var language = Collect(errors, ContactPreferences.ParseLanguage(c.Language ?? "en", "customer.language"));
        var channels = ContactChannels.None;
        foreach (var name in c.PreferredChannels ?? [])
        {
            channels |= name?.Trim().ToLowerInvariant() switch
            {
                "email" => ContactChannels.Email,
                "sms" => ContactChannels.Sms,
                _ => Add<ContactChannels>(errors, "customer.preferredChannels", $"'{name}' is not a channel; use 'email' or 'sms'."),
            };
        }
        if (errors.Keys.Any(k => k.StartsWith("customer.", StringComparison.Ordinal))) return null;
        var preferences = Collect(errors, ContactPreferences.TryCreate(c.EmailOptIn ?? false, c.SmsOptIn ?? false, channels, language).Prefix("customer"));
        return preferences is null ? null : Collect(errors, Customer.TryCreate(c.Name, email, phone, preferences).Prefix("customer"));
    }

    private static Vehicle? ReadVehicle(VehicleInput? v, TimeProvider clock, Dictionary<string, string[]> errors)
    {
        if (v is null) return Add<Vehicle>(errors, "vehicle", "is required.");
        var vin = string.IsNullOrWhiteSpace(v.Vin) ? null : Collect(errors, Vin.TryParse(v.Vin, "vehicle.vin"));
        if (v.Year is null) return Add<Vehicle>(errors, "vehicle.year", "is required.");
        if (errors.ContainsKey("vehicle.vin")) return null;
        return Collect(errors, Vehicle.TryCreate(vin, v.Plate, v.Make, v.Model, v.Year.Value, v.Mileage, clock.GetUtcNow().Year + 1).Prefix("vehicle"));
    }

    private static ImmutableArray<ServiceCode> ReadServices(IReadOnlyList<string>? codes, Dictionary<string, string[]> errors)
    {
        if (codes is not { Count: > 0 }) return Add<ImmutableArray<ServiceCode>>(errors, "services", "name at least one service code.");
        var result = ImmutableArray.CreateBuilder<ServiceCode>();
        for (var i = 0; i < codes.Count; i++)
            if (Collect(errors, ServiceCode.TryParse(codes[i], $"services[{i}]")) is { } code) result.Add(code);
        return result.ToImmutable();
    }

    private static Result<T, ValidationError> Prefix<T>(this Result<T, ValidationError> result, string parent) =>
        result.IsSuccess || result.Error.Field.StartsWith(parent + ".", StringComparison.Ordinal) ? result : result.Error.Under(parent);

    private static T? Collect<T>(Dictionary<string, string[]> errors, Result<T, ValidationError> result)
    {
        if (result.TryGetValue(out var value, out var error)) return value;
        Add<T>(errors, error.Field, error.Message);
        return default;
    }

    private static T Add<T>(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        return default!;
    }
}
