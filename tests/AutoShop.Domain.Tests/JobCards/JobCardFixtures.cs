using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using AutoShop.Domain.JobCards;
using NodaTime;

namespace AutoShop.Domain.Tests.JobCards;

internal static class JobCardFixtures
{
    public static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 12, 0);
    public static readonly Instant Monday9 = Instant.FromUtc(2026, 3, 9, 14, 0);

    public static readonly IReadOnlyDictionary<ServiceCode, ServiceDefinition> Catalog = new[]
    {
        Service("oil-change", "Oil and filter change", 30, "", ("OIL-5W30-QT", 5), ("FLT-OIL-01", 1)),
        Service("ac-recharge", "A/C evacuate and recharge", 75, "hvac", ("REFR-R1234YF", 2)),
        Service("brake-pads", "Front brake pads", 90, "brakes", ("BRK-PAD-F", 1)),
    }.ToDictionary(s => s.Code);

    public static AppointmentFacts Facts(int version = 1, string change = "booked", Instant? start = null, string tech = "maria",
        string bay = "lift-1", bool active = true, params string[] services)
    {
        var from = start ?? Monday9;
        return new AppointmentFacts(AppointmentId.Parse("20260309-abc-main"), ShopId.Parse("main"), version, change, from,
            from + Duration.FromMinutes(105), from.InUtc().Date, TechnicianId.Parse(tech), BayId.Parse(bay),
            [.. (services.Length == 0 ? ["oil-change", "ac-recharge"] : services).Select(ServiceCode.Parse)], active);
    }

    public static string EventId(int version) => $"20260309-abc-main.v{version}";

    public static JobCard Booked() => JobCard.Draft(Facts(), Catalog, EventId(1), Now);

    private static ServiceDefinition Service(string code, string name, int minutes, string skills, params (string Sku, int Qty)[] parts) =>
        ServiceDefinition.TryCreate(ServiceCode.Parse(code), name, minutes,
            skills.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Skill.Parse), BayType.Parse("lift"), [],
            parts.Select(p => new PartLine(Sku.Parse(p.Sku), p.Qty)), Money.Of(100m, "USD")).OrThrow();

    public static ImmutableArray<PartSupply> AllReserved(JobCard card) =>
        [.. card.Needs.Select(n => new PartSupply(n.Key, n.Value, n.Value, PartStatus.Reserved, null, null))];
}
