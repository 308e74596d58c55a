using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// A believable appointment for previews and validation: Tuesday March 10, 2026, 9:30–11:00 at a
/// shop in New York. Spanish samples use Spanish service names so previews read naturally.
/// </summary>
public static class SampleData
{
    /// <summary>"Now" for sample renders: a week before the sample appointment.</summary>
    public static TimeProvider Clock { get; } = new FixedClock(new DateTimeOffset(2026, 3, 3, 15, 0, 0, TimeSpan.Zero));

    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["America/New_York"];

    public static NotificationContext Context(MessageKind kind, Language language)
    {
        var spanish = language == Language.Es;
        var start = new LocalDateTime(2026, 3, 10, 9, 30).InZoneStrictly(Zone).ToInstant();
        return new NotificationContext(
            AppointmentId: "apt_7Q2K9M",
            AppointmentVersion: 1,
            Kind: kind,
            Shop: new ShopInfo("Northside Auto Care", "(518) 555-0147", "410 Harbor Road, Albany, NY 12207", "service@northside-auto.example"),
            ShopZone: Zone,
            Start: start,
            End: start + Duration.FromMinutes(90),
            Services:
            [
                new ServiceLine(spanish ? "Cambio de aceite sintético" : "Synthetic oil change", PriceEstimate.Exactly(89m).Value),
                new ServiceLine(spanish ? "Rotación de neumáticos" : "Tire rotation", PriceEstimate.Between(25m, 40m).Value),
                new ServiceLine(spanish ? "Revisión de frenos" : "Brake inspection"),
            ],
            Vehicle: new VehicleInfo("Honda", "Civic", 2019, "KDT-4821"),
            CustomerFirstName: spanish ? "Ana" : "Sam",
            Language: language,
            Links: new NotificationLinks(
                new Uri("https://autoshop.example/m/AS-4821?t=Xk29Qp7v"),
                new Uri("https://autoshop.example/c/AS-4821.ics?t=Xk29Qp7v")))
        {
            Reference = "AS-4821",
            Exception = kind.IsAboutException() ? Exception(kind, spanish) : null,
        };
    }

    private static ExceptionDetails Exception(MessageKind kind, bool spanish)
    {
        var reason = spanish
            ? "Entrega del vehículo antes del horario de apertura (7:00)"
            : "Vehicle drop-off before opening hours (7:00 AM)";
        var note = (kind, spanish) switch
        {
            (MessageKind.ExceptionApproved, false) => "A technician will meet you at the side gate.",
            (MessageKind.ExceptionApproved, true) => "Un técnico le recibirá en la puerta lateral.",
            (MessageKind.ExceptionDenied, false) => "We have no one on site before 8:00 AM that day.",
            (MessageKind.ExceptionDenied, true) => "Ese día no hay personal en el taller antes de las 8:00.",
            _ => null,
        };
        return new ExceptionDetails(reason, note);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
