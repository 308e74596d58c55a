using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Booking.Scheduling;

/// <summary>The notice and horizon rules, and the whole local days a decision looks at.</summary>
internal static class ScheduleWindow
{
    public static Instant Earliest(Shop shop, Instant now) => now + shop.MinimumNotice;

    public static Instant Latest(Shop shop, Instant now) => now + shop.BookingHorizon;

    public static (Instant From, Instant To) Clip(Shop shop, Instant now, Instant from, Instant to) =>
        (Instant.Max(from, Earliest(shop, now)), Instant.Min(to, Latest(shop, now)));

    public static (LocalDate First, LocalDate Last) Days(Shop shop, Instant from, Instant to) =>
        (from.InZone(shop.Zone).Date, (to - Duration.Epsilon).InZone(shop.Zone).Date);

    public static ImmutableArray<LocalDate> Dates(LocalDate first, LocalDate last)
    {
        var days = Period.DaysBetween(first, last) + 1;
        return days <= 0 ? [] : [.. Enumerable.Range(0, days).Select(first.PlusDays)];
    }

    public static AvailabilityOffer Offer(SlotFinder finder, Placement placement)
    {
        var index = finder.Index;
        var start = Instant.FromUnixTimeTicks(index.Grid.TicksOfBit(placement.Bit));
        var end = start + index.Job.Duration;
        var zone = index.Setup.Shop.Zone;
        return new AvailabilityOffer(start, end,
            start.InZone(zone).ToOffsetDateTime(), end.InZone(zone).ToOffsetDateTime(),
            index.Setup.Technicians[index.TechnicianIndexes[placement.TechnicianSlot]].Id,
            index.Setup.Bays[index.BayIndexes[placement.BaySlot]].Id,
            placement.ToolUnits);
    }
}
