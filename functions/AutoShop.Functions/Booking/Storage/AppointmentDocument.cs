using System.Collections.Immutable;
using System.Text.Json.Serialization;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Vehicles;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Booking.Storage;

/// <summary>How an appointment is stored: a flat JSON document, independent of the domain type's shape.</summary>
internal sealed record AppointmentDocument(
    string Id, string ShopId, string Zone,
    string CustomerName, string? Email, string? Phone, bool EmailOptIn, bool SmsOptIn, string[] PreferredChannels, string Language,
    string? Vin, string? Plate, string Make, string Model, int Year, int? Mileage,
    string[] Services, string Start, string End, int LaborMinutes,
    string TechnicianId, string BayId, ToolUnitDocument[] Tools, int[] CapUnits,
    string? Notes, string Source, string Status, int Version, string CreatedAt, int RescheduleCount,
    CancellationDocument? Cancellation, string? NoShowReason)
{
    public static AppointmentDocument From(Appointment a)
    {
        var c = a.Customer;
        var v = a.Vehicle;
        return new AppointmentDocument(a.Id.Value, a.ShopId.Value, a.ShopZoneId,
            c.Name, c.Email?.Value, c.Phone?.E164, c.Preferences.EmailOptIn, c.Preferences.SmsOptIn,
            Channels(c.Preferences.PreferredChannels), ContactPreferences.LanguageCode(c.Preferences.Language),
            v.Vin?.Value, v.Plate, v.Make, v.Model, v.Year, v.Mileage,
            [.. a.ServiceCodes.Select(s => s.Value)], Instants.Format(a.Start), Instants.Format(a.End), a.LaborMinutes,
            a.Resources.TechnicianId.Value, a.Resources.BayId.Value,
            [.. a.Resources.ToolUnits.Select(t => new ToolUnitDocument(t.Type.Value, t.Index))], [.. a.Resources.CapUnits],
            a.Notes, a.Source.ToString(), a.Status.ToString(), a.Version, Instants.Format(a.CreatedAt), a.RescheduleCount,
            a.Cancellation is { } x ? new CancellationDocument(x.Reason.Value, x.By.Kind.ToString(), x.By.Id, Instants.Format(x.At)) : null,
            a.NoShowReason?.Value);
    }

    /// <summary>Stored documents were valid when written, so any failure here is corruption and throws.</summary>
    public Appointment ToAppointment()
    {
        var preferences = ContactPreferences.TryCreate(EmailOptIn, SmsOptIn, ParseChannels(PreferredChannels),
            ContactPreferences.ParseLanguage(Language).OrThrow()).OrThrow();
        var customer = Customer.TryCreate(CustomerName, Email is null ? null : EmailAddress.Parse(Email),
            Phone is null ? null : Domain.Customers.PhoneNumber.Parse(Phone, "US"), preferences).OrThrow();
        var vehicle = Vehicle.TryCreate(Vin is null ? null : Domain.Vehicles.Vin.Parse(Vin), Plate, Make, Model, Year, Mileage, int.MaxValue).OrThrow();
        var resources = new ResourceAllocation(Domain.Booking.TechnicianId.Parse(TechnicianId), Domain.Booking.BayId.Parse(BayId),
            [.. Tools.Select(t => new ToolUnit(ToolType.Parse(t.Type), t.Index))], [.. CapUnits]);
        return Appointment.Restore(new AppointmentSnapshot(
            AppointmentId.Parse(Id), Domain.Booking.ShopId.Parse(ShopId), Zone, customer, vehicle,
            [.. Services.Select(ServiceCode.Parse)], Instants.Parse(Start), Instants.Parse(End), LaborMinutes, resources,
            Notes, Enum.Parse<BookingSource>(Source), Enum.Parse<AppointmentStatus>(Status), Version, Instants.Parse(CreatedAt),
            RescheduleCount,
            Cancellation is { } x ? new Domain.Booking.Cancellation(ReasonCode.Parse(x.Reason), ActorOf(x.ActorKind, x.ActorId), Instants.Parse(x.At)) : null,
            NoShowReason is null ? null : ReasonCode.Parse(NoShowReason)));
    }

    private static Actor ActorOf(string kind, string id) => Actor.TryCreate(Enum.Parse<ActorKind>(kind), id).OrThrow();

    private static string[] Channels(ContactChannels channels) =>
        [.. new[] { ContactChannels.Email, ContactChannels.Sms }.Where(c => channels.HasFlag(c)).Select(c => c.ToString().ToLowerInvariant())];

    private static ContactChannels ParseChannels(string[] names) =>
        names.Aggregate(ContactChannels.None, (all, n) => all | Enum.Parse<ContactChannels>(n, ignoreCase: true));
}

internal sealed record ToolUnitDocument(string Type, int Index);

internal sealed record CancellationDocument(string Reason, string ActorKind, string ActorId, string At);

internal static class Instants
{
    public static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    public static Instant Parse(string text) => InstantPattern.ExtendedIso.Parse(text).Value;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AppointmentDocument))]
internal sealed partial class BookingStorageJsonContext : JsonSerializerContext;
