using System.Collections.Immutable;
using AutoShop.Domain.Booking.Scheduling;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>
/// A request to book the services as one job starting at a shop-local time. Bookings must
/// cover the days <see cref="BookingPlanner.DatesToLoad"/> names. When rescheduling, pass the
/// appointment's id as <see cref="Rescheduling"/> so its current slot does not block its new one.
/// </summary>
public sealed record BookingRequest(
    ShopSetup Setup,
    IReadOnlyCollection<ServiceCode> ServiceCodes,
    LocalDateTime Start,
    IEnumerable<ExistingBooking> Bookings,
    AppointmentId? Rescheduling = null);

/// <summary>
/// Decides a booking: an <see cref="Assignment"/> with its claims, or the rule the request
/// breaks. Placement goes through the same <see cref="SlotFinder"/> as
/// <see cref="AvailabilitySearch"/>, so every offered start can be booked (as long as nobody
/// else took it meanwhile — which the claims catch).
/// </summary>
public sealed class BookingPlanner(TimeProvider clock)
{
    /// <summary>How far either side of the requested day alternatives are looked for.</summary>
    public const int AlternativeDays = 3;

    public const int MaxAlternatives = 3;

    public Result<Assignment, BookingRejection> Plan(BookingRequest request)
    {
        var shop = request.Setup.Shop;
        var job = JobSpec.TryCreate(request.Setup, request.ServiceCodes);
        if (!job.TryGetValue(out var spec, out var jobRejection))
            return jobRejection;
        var resolved = ShopLocalTime.ResolveStart(shop.Zone, request.Start);
        if (!resolved.TryGetValue(out var start, out var gapRejection))
            return gapRejection;
        var ruleBroken = CheckRules(shop, spec, start);
        if (ruleBroken is not null)
            return ruleBroken;

        var now = Now();
        var earliest = ScheduleWindow.Earliest(shop, now);
        var latest = ScheduleWindow.Latest(shop, now);
        var (first, last) = ScheduleWindow.Days(shop, earliest, latest);
        var date = request.Start.Date;
        first = LocalDate.Max(first, date.PlusDays(-AlternativeDays));
        last = LocalDate.Min(last, date.PlusDays(AlternativeDays));
        var grid = DayGrid.Covering(shop, first, last);
        var index = new OccupancyIndex(request.Setup, spec, grid, earliest.ToUnixTimeTicks(), latest.ToUnixTimeTicks(),
            request.Bookings, request.Rescheduling);
        var finder = new SlotFinder(index);

        var startTicks = start.ToInstant().ToUnixTimeTicks();
        var day = grid.DayOf(startTicks);
        var bit = grid.Bit(day, (int)((startTicks - grid.DayStartTicks(day)) / grid.SlotTicks));
        if (!BitRow.IsSet(finder.Starts, bit))
            return new NoCapacity(Alternatives(finder, bit));
        return Assign(finder, finder.Place(bit));
    }

    /// <summary>
    /// The shop-local days whose bookings <see cref="Plan"/> needs: the requested day, and the days within
    /// <see cref="AlternativeDays"/> of it that alternatives may come from — those inside the booking window
    /// on which the shop opens. A job lies within one
    /// opening range of one day, so bookings on a closed day, before the minimum notice or beyond the
    /// horizon neither block the requested start nor any alternative; reading them would be wasted work.
    /// </summary>
    public ImmutableArray<LocalDate> DatesToLoad(Shop shop, LocalDate requested)
    {
        var now = Now();
        var (first, last) = ScheduleWindow.Days(shop, ScheduleWindow.Earliest(shop, now), ScheduleWindow.Latest(shop, now));
        return [.. ScheduleWindow.Dates(requested.PlusDays(-AlternativeDays), requested.PlusDays(AlternativeDays)).Where(d => d == requested
            || (d >= first && d <= last && !shop.IsClosedOn(d) && !shop.OpeningHours.On(d.DayOfWeek).IsEmpty))];
    }

    private BookingRejection? CheckRules(Shop shop, JobSpec job, ZonedDateTime start)
    {
        var local = start.LocalDateTime;
        if (local.TimeOfDay.TickOfDay % shop.SlotGranularity.BclCompatibleTicks != 0)
            return new NotOnSlotGrid(local, shop.SlotGranularity);
        var now = Now();
        var instant = start.ToInstant();
        if (instant < ScheduleWindow.Earliest(shop, now))
            return new TooSoon(instant, ScheduleWindow.Earliest(shop, now));
        if (instant >= ScheduleWindow.Latest(shop, now))
            return new BeyondHorizon(instant, ScheduleWindow.Latest(shop, now));
        if (shop.IsClosedOn(local.Date))
            return new ShopClosed(local.Date);
        var end = (instant + job.Duration).InZone(shop.Zone).LocalDateTime;
        if (end.Date != local.Date || shop.OpeningRangeCovering(local.Date, local.TimeOfDay, end.TimeOfDay) is null)
            return new OutsideOpeningHours(local, end);
        return null;
    }

    private static Assignment Assign(SlotFinder finder, Placement placement)
    {
        var index = finder.Index;
        var offer = ScheduleWindow.Offer(finder, placement);
        var capUnits = finder.ChooseCapUnits(placement.Day, placement.TechnicianSlot);
        var claims = ImmutableArray.CreateBuilder<ResourceClaim>();
        for (var slot = 0; slot < index.Job.Slots; slot++)
        {
            var bucket = offer.Start + Duration.FromTicks(slot * index.Grid.SlotTicks);
            claims.Add(ResourceClaim.ForTechnician(offer.TechnicianId, bucket));
            claims.Add(ResourceClaim.ForBay(offer.BayId, bucket));
            foreach (var unit in offer.ToolUnits)
                claims.Add(ResourceClaim.ForToolUnit(unit, bucket));
        }
        foreach (var ordinal in capUnits)
            claims.Add(ResourceClaim.ForDailyCap(offer.TechnicianId, offer.LocalStart.Date, ordinal));
        return new Assignment(index.Setup.Shop.Id, index.Job.ServiceCodes, offer.Start, offer.End, offer.LocalStart, offer.LocalEnd,
            index.Job.LaborMinutes, new ResourceAllocation(offer.TechnicianId, offer.BayId, offer.ToolUnits, capUnits),
            claims.ToImmutable());
    }

    // Walks outwards from the requested bit, taking whichever side's next free start is closer
    // in time (the earlier one on a tie).
    private static ImmutableArray<AvailabilityOffer> Alternatives(SlotFinder finder, int requestedBit)
    {
        var grid = finder.Index.Grid;
        var target = grid.TicksOfBit(requestedBit);
        var before = BitRow.PreviousSetBit(finder.Starts, requestedBit - 1);
        var after = BitRow.NextSetBit(finder.Starts, requestedBit + 1);
        var offers = ImmutableArray.CreateBuilder<AvailabilityOffer>(MaxAlternatives);
        while (offers.Count < MaxAlternatives && (before >= 0 || after >= 0))
        {
            var takeBefore = after < 0 || (before >= 0 && target - grid.TicksOfBit(before) <= grid.TicksOfBit(after) - target);
            var bit = takeBefore ? before : after;
            offers.Add(ScheduleWindow.Offer(finder, finder.Place(bit)));
            if (takeBefore)
                before = BitRow.PreviousSetBit(finder.Starts, before - 1);
            else
                after = BitRow.NextSetBit(finder.Starts, after + 1);
        }
        return [.. offers.OrderBy(o => o.Start)];
    }

    private Instant Now() => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
