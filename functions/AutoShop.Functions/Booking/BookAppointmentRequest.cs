namespace AutoShop.Functions.Booking;

/// <summary>The body of <c>POST /api/appointments</c>.</summary>
/// <param name="Start">Shop-local start, e.g. <c>2026-12-01T09:30</c> (an offset, if given, is converted to shop-local time).</param>
/// <param name="Source"><c>web</c>, <c>phone</c> or <c>walk-in</c>.</param>
public sealed record BookAppointmentRequest(
    string? ShopId,
    CustomerInput? Customer,
    VehicleInput? Vehicle,
    IReadOnlyList<string>? Services,
    string? Start,
    string? Notes,
    string? Source);

/// <param name="PreferredChannels">Any of <c>email</c>, <c>sms</c>; each must also be opted in.</param>
/// <param name="Language"><c>en</c> or <c>es</c>.</param>
public sealed record CustomerInput(
    string? Name,
    string? Email,
    string? Phone,
    bool? EmailOptIn,
    bool? SmsOptIn,
    IReadOnlyList<string>? PreferredChannels,
    string? Language);

public sealed record VehicleInput(string? Vin, string? Plate, string? Make, string? Model, int? Year, int? Mileage);

/// <summary>A staff transition: the reason code (where one applies) and, optionally, the version the caller saw.</summary>
public sealed record StaffChangeRequest(string? ReasonCode, int? ExpectedVersion);
