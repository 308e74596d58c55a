using AutoShop.Domain;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Benchmarks;

/// <summary>
/// A large, busy shop: 30 technicians, 12 bays, 8 tool types and 10,000 bookings spread over
/// 60 days, generated from a fixed seed so every run measures the same schedule.
/// </summary>
internal sealed class BusyShop
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly LocalDate FirstDay = new(2026, 3, 2);

    private static readonly (string Type, int Count)[] ToolStocks =
    [
        ("diagnostic-scanner", 2), ("ac-recovery", 1), ("ev-diagnostic-kit", 1), ("tire-machine", 2),
        ("wheel-balancer", 2), ("brake-lathe", 1), ("smoke-tester", 1), ("battery-tester", 3),
    ];

    private static readonly string[] SkillPool = ["brakes", "diagnostics", "alignment", "hvac", "electrical", "tires", "ev-high-voltage"];

    public BusyShop(int bookingCount = 10_000, int days = 60)
    {
        var random = new Random(20260302);
        var shop = Shop.TryCreate(ShopId.Parse("busy"), "Busy Auto", Zone.Id, "US",
            WeeklyHours.Every([.. WeeklyHours.Weekdays, IsoDayOfWeek.Saturday], "07:00-19:00")).OrThrow();
        var technicians = Enumerable.Range(0, 30).Select(i => Technician.TryCreate(
            TechnicianId.Parse($"t-{i:D2}"), $"Tech {i}",
            SkillPool.Where((_, s) => s == 0 || random.NextDouble() < 0.4).Select(Skill.Parse),
            WeeklyHours.Every(i % 3 == 0 ? [.. WeeklyHours.Weekdays, IsoDayOfWeek.Saturday] : WeeklyHours.Weekdays, i % 2 == 0 ? "07:00-15:30" : "10:30-19:00"),
            i % 10 == 0 ? [TimeOff.WholeDays(FirstDay.PlusDays(i), FirstDay.PlusDays(i + 2))] : [],
            i % 7 == 0 ? Duration.FromHours(6) : null).OrThrow()).ToList();
        var bays = Enumerable.Range(0, 12).Select(i => Bay.TryCreate(BayId.Parse($"bay-{i:D2}"), $"Bay {i}",
            BayType.Parse(i < 8 ? "lift" : i < 10 ? "alignment-rack" : "ev-bay")).OrThrow()).ToList();
        var tools = ToolStocks.Select(t => ToolStock.TryCreate(ToolType.Parse(t.Type), t.Count).OrThrow()).ToList();
        var acService = ServiceDefinition.TryCreate(ServiceCode.Parse("ac-service"), "A/C service", 120,
            [Skill.Parse("hvac")], BayType.Parse("lift"), [ToolType.Parse("ac-recovery")], [], Money.Of(189, "USD")).OrThrow();
        var brakes = ServiceDefinition.TryCreate(ServiceCode.Parse("brake-pads"), "Brake pads", 60,
            [Skill.Parse("brakes")], BayType.Parse("lift"), [], [], Money.Of(149, "USD")).OrThrow();
        Setup = ShopSetup.TryCreate(shop, technicians, bays, tools, [acService, brakes], []).OrThrow();
        Now = FirstDay.At(new LocalTime(6, 0)).InZoneStrictly(Zone).ToInstant();
        Bookings = Generate(random, bookingCount, days);
    }

    public ShopSetup Setup { get; }

    public Instant Now { get; }

    public IReadOnlyList<ExistingBooking> Bookings { get; }

    private List<ExistingBooking> Generate(Random random, int count, int days)
    {
        var bookings = new List<ExistingBooking>(count);
        var liftCount = 8;
        for (var i = 0; i < count; i++)
        {
            var date = FirstDay.PlusDays(random.Next(days));
            var startMinutes = 7 * 60 + 15 * random.Next(0, 44);
            var minutes = 15 * random.Next(1, 9);
            var start = date.At(LocalTime.FromMinutesSinceMidnight(startMinutes)).InZoneLeniently(Zone).ToInstant();
            var tech = Setup.Technicians[random.Next(Setup.Technicians.Length)];
            var bay = Setup.Bays[random.Next(liftCount)];
            var tools = new List<ToolUnit>();
            if (random.NextDouble() < 0.12)
            {
                var (type, units) = ToolStocks[random.Next(ToolStocks.Length)];
                tools.Add(new ToolUnit(ToolType.Parse(type), random.Next(units)));
            }
            bookings.Add(new ExistingBooking(AppointmentId.Parse($"a-{i:D5}"), start, start + Duration.FromMinutes(minutes),
                new ResourceAllocation(tech.Id, bay.Id, [.. tools], []), minutes));
        }
        return bookings;
    }
}
