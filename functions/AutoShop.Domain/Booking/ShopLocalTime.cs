using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>Turns the wall-clock start a customer picked into the instant it means at the shop.</summary>
public static class ShopLocalTime
{
    /// <summary>
    /// A start inside a DST gap (02:30 on a spring-forward night) never happens, so it is
    /// rejected rather than silently moved. A start inside a fold (01:30 on a fall-back night)
    /// happens twice; we take the earlier one, the first 01:30 the customer will live through.
    /// </summary>
    public static Result<ZonedDateTime, BookingRejection> ResolveStart(DateTimeZone zone, LocalDateTime requested)
    {
        var mapping = zone.MapLocal(requested);
        return mapping.Count switch
        {
            0 => new InDstGap(requested, zone.Id),
            _ => mapping.First(),
        };
    }
}
