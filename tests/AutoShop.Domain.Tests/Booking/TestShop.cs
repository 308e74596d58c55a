using AutoShop.Domain.Booking;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace AutoShop.Domain.Tests.Booking;

/// <summary>
/// A small New York shop to test against, open Monday–Friday 08:00–17:00 and Saturday
/// 09:00–13:00, and a clock on Monday 2 March 2026 at 07:00 local. Each test changes only
/// what its rule needs through the optional arguments.
/// </summary>
internal static class TestShop
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly LocalDate Monday = new(2026, 3, 2);
    public static readonly LocalDate Tuesday = Monday.PlusDays(1);

    public static FakeTimeProvider ClockAt(LocalDateTime local, DateTimeZone? zone = null) =>
        new(local.InZoneStrictly(zone ?? NewYork).ToDateTimeOffset());

    public static FakeTimeProvider Clock() => ClockAt(Monday.At(new LocalTime(7, 0)));

    public static Technician Tech(string id, string skills = "brakes", WeeklyHours? shifts = null,
        IEnumerable<TimeOff>? timeOff = null, Duration? dailyCap = null) =>
        Technician.TryCreate(TechnicianId.Parse(id), id.ToUpperInvariant(), Skills(skills),
            shifts ?? WeeklyHours.Every(WeeklyHours.Weekdays, "08:00-17:00"), timeOff, dailyCap).OrThrow();

    public static Bay Bay(string id, string type = "lift") => Domain.Booking.Bay.TryCreate(BayId.Parse(id), id, BayType.Parse(type)).OrThrow();

    public static ServiceDefinition Service(string code, int laborMinutes, string skills = "brakes", string bayType = "lift", string tools = "") =>
        ServiceDefinition.TryCreate(ServiceCode.Parse(code), code, laborMinutes, Skills(skills), BayType.Parse(bayType),
            tools.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ToolType.Parse), [], Money.Of(100m, "USD")).OrThrow();

    public static readonly ServiceDefinition[] DefaultCatalog =
    [
        Service("brake-pads", 60),
        Service("brake-fluid", 30),
        Service("diagnostic", 45, "diagnostics", tools: "diagnostic-scanner"),
        Service("alignment", 60, "alignment", "alignment-rack"),
        Service("long-job", 8 * 60),
    ];

    public static Shop Shop(WeeklyHours? opening = null, IEnumerable<LocalDate>? closures = null, DateTimeZone? zone = null,
        Duration? notice = null, Duration? horizon = null) =>
        Domain.Booking.Shop.TryCreate(ShopId.Parse("main"), "Main Street Auto", (zone ?? NewYork).Id, "US",
            opening ?? WeeklyHours.TryCreate(
                WeeklyHours.Weekdays.Select(d => (d, LocalTimeRange.Parse("08:00-17:00")))
                    .Append((IsoDayOfWeek.Saturday, LocalTimeRange.Parse("09:00-13:00")))).OrThrow(),
            closures, minimumNotice: notice, bookingHorizon: horizon).OrThrow();

    public static ShopSetup Setup(Shop? shop = null, IEnumerable<Technician>? techs = null, IEnumerable<Bay>? bays = null,
        int scanners = 1, IEnumerable<ServiceDefinition>? catalog = null)
    {
        var technicians = techs?.ToList() ?? [Tech("ana", "brakes,diagnostics,alignment"), Tech("ben", "brakes")];
        var bayList = bays?.ToList() ?? [Bay("bay-1"), Bay("bay-2"), Bay("rack-1", "alignment-rack")];
        // Tests that leave out the catalog get the default services their technicians and bays can serve.
        var services = catalog ?? DefaultCatalog.Where(s =>
            s.RequiredSkills.All(skill => technicians.Any(t => t.Skills.Contains(skill))) && bayList.Any(b => b.Type == s.BayType));
        return ShopSetup.TryCreate(shop ?? Shop(), technicians, bayList,
            [ToolStock.TryCreate(ToolType.Parse("diagnostic-scanner"), scanners).OrThrow()], services, []).OrThrow();
    }

    public static ServiceCode[] Codes(params string[] codes) => [.. codes.Select(ServiceCode.Parse)];

    public static ExistingBooking Booked(string id, LocalDateTime start, int minutes, string tech, string bay,
        string? tool = null, int[]? capUnits = null, DateTimeZone? zone = null)
    {
        var from = start.InZoneStrictly(zone ?? NewYork).ToInstant();
        var tools = tool is null ? [] : new[] { new ToolUnit(ToolType.Parse(tool.Split('#')[0]), int.Parse(tool.Split('#')[1])) };
        return new ExistingBooking(AppointmentId.Parse(id), from, from + Duration.FromMinutes(minutes),
            new ResourceAllocation(TechnicianId.Parse(tech), BayId.Parse(bay), [.. tools], [.. capUnits ?? []]), minutes);
    }

    public static LocalDateTime At(LocalDate date, int hour, int minute = 0) => date.At(new LocalTime(hour, minute));

    private static IEnumerable<Skill> Skills(string csv) =>
        csv.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Skill.Parse);
}
