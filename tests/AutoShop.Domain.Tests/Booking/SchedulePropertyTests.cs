using AutoShop.Domain.Booking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Booking;

/// <summary>
/// Random sequences of bookings, reschedules, cancellations and availability probes, applied
/// through the planner to an in-memory schedule — the way storage would apply them one at a time.
/// A deliberately cramped shop (one scanner, one rack, a capped technician) makes collisions likely.
/// </summary>
public class SchedulePropertyTests
{
    private static readonly string[] ServicePool = ["brake-pads", "diagnostic", "brake-fluid", "quick-check", "alignment"];

    private static readonly ShopSetup Cramped = Setup(
        techs: [Tech("ana", "brakes,diagnostics,alignment", dailyCap: Duration.FromHours(3)), Tech("ben", "brakes,diagnostics"),
            Tech("cho", "brakes,alignment", shifts: WeeklyHours.Every(WeeklyHours.Weekdays, "10:00-15:00"), timeOff: [TimeOff.Between(At(Tuesday, 12), At(Tuesday, 13))])],
        bays: [Bay("bay-1"), Bay("bay-2"), Bay("rack-1", "alignment-rack")],
        catalog: [.. DefaultCatalog.Take(3), Service("quick-check", 20, skills: ""), Service("alignment", 60, "alignment", "alignment-rack")]);

    private enum Kind
    {
        Book,
        Reschedule,
        Cancel,
        Probe,
    }

    private sealed record Op(Kind Kind, int Pick, int Services, int Day, int Slot);

    private static readonly Gen<Op> Ops =
        from kind in Gen.Frequency((5, Gen.Constant(Kind.Book)), (2, Gen.Constant(Kind.Reschedule)), (2, Gen.Constant(Kind.Cancel)), (1, Gen.Constant(Kind.Probe)))
        from pick in Gen.Choose(0, 1000)
        from services in Gen.Choose(1, (1 << ServicePool.Length) - 1)
        from day in Gen.Choose(0, 2)
        from slot in Gen.Choose(0, 36)
        select new Op(kind, pick, services, day, slot);

    [Property(MaxTest = 150)]
    public Property No_sequence_of_changes_double_books_a_resource_or_passes_a_cap_and_every_offer_is_bookable() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Ops).Select(ops => ops.ToArray())), Run);

    private static void Run(Op[] ops)
    {
        var clock = Clock();
        var planner = new BookingPlanner(clock);
        var search = new AvailabilitySearch(clock);
        var schedule = new Dictionary<AppointmentId, Assignment>();
        var nextId = 0;
        foreach (var op in ops)
        {
            var bookings = schedule.Select(kv => kv.Value.ToBooking(kv.Key)).ToList();
            var codes = Codes([.. ServicePool.Where((_, i) => (op.Services & (1 << i)) != 0)]);
            var start = At(Tuesday.PlusDays(op.Day), 8).PlusMinutes(15 * op.Slot);
            var target = schedule.Count == 0 ? (AppointmentId?)null : schedule.Keys.OrderBy(k => k).ElementAt(op.Pick % schedule.Count);
            switch (op.Kind)
            {
                case Kind.Book:
                    if (planner.Plan(new BookingRequest(Cramped, codes, start, bookings)).TryGetValue(out var booked, out _))
                        schedule[AppointmentId.Parse($"a-{nextId++}")] = booked;
                    break;
                case Kind.Reschedule when target is { } id:
                    if (planner.Plan(new BookingRequest(Cramped, schedule[id].ServiceCodes, start, bookings, id)).TryGetValue(out var moved, out _))
                        schedule[id] = moved;
                    break;
                case Kind.Cancel when target is { } id:
                    schedule.Remove(id);
                    break;
                case Kind.Probe:
                    EveryOfferIsBookable(search, planner, codes, bookings, Tuesday.PlusDays(op.Day));
                    break;
            }
            AssertConsistent(schedule);
        }
    }

    private static void EveryOfferIsBookable(AvailabilitySearch search, BookingPlanner planner, ServiceCode[] codes,
        List<ExistingBooking> bookings, LocalDate day)
    {
        var from = day.AtStartOfDayInZone(NewYork).ToInstant();
        var result = search.Find(new AvailabilityQuery(Cramped, codes, from, from + Duration.FromDays(1), bookings));
        if (!result.TryGetValue(out var found, out var rejection))
        {
            // The search refuses exactly the requests the planner refuses for the same reason.
            Assert.Equal(rejection.GetType(), planner.Plan(new BookingRequest(Cramped, codes, At(day, 9), bookings)).Error.GetType());
            return;
        }
        foreach (var offer in found.Offers)
        {
            var plan = planner.Plan(new BookingRequest(Cramped, codes, offer.LocalStart.LocalDateTime, bookings));
            Assert.True(plan.IsSuccess, $"Offered {offer.LocalStart} but the planner said {plan}");
            Assert.Equal((offer.Start, offer.TechnicianId, offer.BayId), (plan.Value.Start, plan.Value.Resources.TechnicianId, plan.Value.Resources.BayId));
        }
    }

    private static void AssertConsistent(Dictionary<AppointmentId, Assignment> schedule)
    {
        var jobs = schedule.Values.ToList();
        for (var i = 0; i < jobs.Count; i++)
        {
            for (var j = i + 1; j < jobs.Count; j++)
            {
                var (a, b) = (jobs[i], jobs[j]);
                if (a.Start >= b.End || b.Start >= a.End)
                    continue;
                Assert.NotEqual(a.Resources.TechnicianId, b.Resources.TechnicianId);
                Assert.NotEqual(a.Resources.BayId, b.Resources.BayId);
                Assert.Empty(a.Resources.ToolUnits.Intersect(b.Resources.ToolUnits));
            }
        }
        foreach (var day in jobs.GroupBy(j => (j.Resources.TechnicianId, j.LocalDate)))
        {
            var cap = Cramped.Technicians.Single(t => t.Id == day.Key.TechnicianId).DailyCap;
            if (cap is not null)
                Assert.True(day.Sum(j => j.LaborMinutes) <= cap.Value.TotalMinutes, $"{day.Key} is booked past its cap");
        }
        // What storage relies on: claims of jobs that coexist never collide.
        var keys = jobs.SelectMany(j => j.Claims).Select(c => c.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }
}
