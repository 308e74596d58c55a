using System.Collections.Immutable;
using AutoShop.Domain.Booking.Scheduling;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>
/// What to search: the services as one job, a window of starts [From, To), and every booking
/// that overlaps the local days of that window (see <see cref="AvailabilitySearch.DatesToLoad"/>).
/// </summary>
public sealed record AvailabilityQuery(
    ShopSetup Setup,
    IReadOnlyCollection<ServiceCode> ServiceCodes,
    Instant From,
    Instant To,
    IEnumerable<ExistingBooking> Bookings,
    int MaxResults = AvailabilityQuery.DefaultMaxResults,
    AppointmentId? Ignoring = null)
{
    public const int DefaultMaxResults = 100;
}

public sealed record AvailabilityResult(JobSpec Job, ImmutableArray<AvailabilityOffer> Offers);

/// <summary>Lists the starts a job can be booked at, earliest first, one offer per start.</summary>
public sealed class AvailabilitySearch(TimeProvider clock)
{
    public Result<AvailabilityResult, BookingRejection> Find(AvailabilityQuery query)
    {
        if (query.To <= query.From)
            return new InvalidWindow(query.From, query.To);
        var job = JobSpec.TryCreate(query.Setup, query.ServiceCodes);
        if (!job.TryGetValue(out var spec, out var rejection))
            return rejection;
        var shop = query.Setup.Shop;
        var (from, to) = ScheduleWindow.Clip(shop, Now(), query.From, query.To);
        if (from >= to || query.MaxResults <= 0)
            return new AvailabilityResult(spec, []);

        var (first, last) = ScheduleWindow.Days(shop, from, to);
        var grid = DayGrid.Covering(shop, first, last);
        var index = new OccupancyIndex(query.Setup, spec, grid, from.ToUnixTimeTicks(), to.ToUnixTimeTicks(), query.Bookings, query.Ignoring);
        var finder = new SlotFinder(index);
        var offers = ImmutableArray.CreateBuilder<AvailabilityOffer>();
        for (var bit = BitRow.NextSetBit(finder.Starts, 0); bit >= 0 && offers.Count < query.MaxResults; bit = BitRow.NextSetBit(finder.Starts, bit + 1))
            offers.Add(ScheduleWindow.Offer(finder, finder.Place(bit)));
        return new AvailabilityResult(spec, offers.ToImmutable());
    }

    /// <summary>
    /// The shop-local days whose bookings <see cref="Find"/> needs for this window: whole days,
    /// because a technician's daily cap counts every job of the day, not only those in the window.
    /// </summary>
    public ImmutableArray<LocalDate> DatesToLoad(Shop shop, Instant from, Instant to)
    {
        var (clippedFrom, clippedTo) = ScheduleWindow.Clip(shop, Now(), from, to);
        if (clippedFrom >= clippedTo)
            return [];
        var (first, last) = ScheduleWindow.Days(shop, clippedFrom, clippedTo);
        return ScheduleWindow.Dates(first, last);
    }

    private Instant Now() => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
