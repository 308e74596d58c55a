using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// Everything a notification may say about one appointment, as plain input. The booking side
/// maps its aggregate to this, so notifications never depend on how bookings are stored.
/// Instants are UTC; <see cref="ShopZone"/> turns them into the shop's wall-clock time.
/// </summary>
public sealed record NotificationContext(
    string AppointmentId,
    int AppointmentVersion,
    MessageKind Kind,
    ShopInfo Shop,
    DateTimeZone ShopZone,
    Instant Start,
    Instant End,
    IReadOnlyList<ServiceLine> Services,
    VehicleInfo Vehicle,
    string CustomerFirstName,
    Language Language,
    NotificationLinks Links)
{
    /// <summary>Short code the customer can quote on the phone; the id when the shop has none.</summary>
    public string? Reference { get; init; }

    /// <summary>Set for the exception kinds only; templates of other kinds cannot see it.</summary>
    public ExceptionDetails? Exception { get; init; }
}

/// <summary>The shop as customers see it. <see cref="Email"/> is the calendar invite's organizer.</summary>
public sealed record ShopInfo(string Name, string Phone, string Address, string Email);

/// <summary>One booked service. No estimate means the price is set after inspection.</summary>
public sealed record ServiceLine(string Name, PriceEstimate? Estimate = null);

public sealed record VehicleInfo(string Make, string Model, int? Year = null, string? Plate = null);

/// <summary>
/// The customer's signed self-service link, and the link to the appointment's <c>.ics</c>
/// (both built by the app, which owns the signing keys).
/// </summary>
public sealed record NotificationLinks(Uri Manage, Uri? Calendar = null);

/// <summary>A policy exception request: why it was needed and, once decided, what staff said.</summary>
public sealed record ExceptionDetails(string Reason, string? DecisionNote = null);
