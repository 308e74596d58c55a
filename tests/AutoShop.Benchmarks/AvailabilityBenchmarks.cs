using AutoShop.Domain.Booking;
using BenchmarkDotNet.Attributes;
using NodaTime;

namespace AutoShop.Benchmarks;

/// <summary>
/// A two-week search for a 2-hour A/C job that needs the shop's single <c>ac-recovery</c> unit,
/// in a 30-technician shop with 10,000 bookings over 60 days. Each call builds the occupancy
/// index from the bookings it is given, as a request would.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class AvailabilityBenchmarks
{
    private static readonly ServiceCode[] AcService = [ServiceCode.Parse("ac-service")];
    private BusyShop shop = null!;
    private AvailabilitySearch search = null!;
    private ExistingBooking[] windowBookings = null!;
    private Instant from;
    private Instant to;

    [Params(20, 1000)]
    public int MaxResults { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        shop = new BusyShop();
        search = new AvailabilitySearch(new FixedClock(shop.Now));
        from = shop.Now;
        to = shop.Now + Duration.FromDays(14);
        // What storage would load: bookings on the local days the search looks at.
        var days = search.DatesToLoad(shop.Setup.Shop, from, to).ToHashSet();
        windowBookings = [.. shop.Bookings.Where(b => days.Contains(b.Start.InZone(BusyShop.Zone).Date))];
        // Printed into the run log so a reader can see the scenario is not trivially empty.
        Console.WriteLine($"// {windowBookings.Length} bookings in the window, {SearchWindowBookings()} offers returned");
    }

    [Benchmark(Description = "14-day search, bookings of the window")]
    public int SearchWindowBookings() =>
        search.Find(new AvailabilityQuery(shop.Setup, AcService, from, to, windowBookings, MaxResults)).Value.Offers.Length;

    [Benchmark(Description = "14-day search, all 10,000 bookings passed")]
    public int SearchAllBookings() =>
        search.Find(new AvailabilityQuery(shop.Setup, AcService, from, to, shop.Bookings, MaxResults)).Value.Offers.Length;

    private sealed class FixedClock(Instant now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToDateTimeOffset();
    }
}
