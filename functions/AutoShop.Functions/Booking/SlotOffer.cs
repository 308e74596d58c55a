using AutoShop.Domain.Booking;

namespace AutoShop.Functions.Booking;

/// <summary>A bookable start as availability and "slot taken" answers show it.</summary>
public sealed record SlotOffer(ShopTime Start, ShopTime End, string TechnicianId, string BayId, IReadOnlyList<string> Tools)
{
    public static SlotOffer From(AvailabilityOffer offer) =>
        new(Shown(offer.Start, offer.LocalStart), Shown(offer.End, offer.LocalEnd), offer.TechnicianId.Value, offer.BayId.Value,
            [.. offer.ToolUnits.Select(t => t.ToString())]);

    private static ShopTime Shown(NodaTime.Instant instant, NodaTime.OffsetDateTime local) =>
        ShopTime.Of(instant, NodaTime.DateTimeZone.ForOffset(local.Offset));
}
