using System.Collections.Concurrent;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Vehicles;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using AutoShop.Functions.Shops;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace AutoShop.NotifyBench;

/// <summary>
/// A one-technician shop open 06:00–22:00 every day, and one appointment per 15-minute slot from
/// tomorrow on, stored through the real schedule store. Their <c>appointment.created</c> events are
/// kept (not relayed) for the benchmark to publish all at once.
/// </summary>
internal static class BenchSeed
{
    public const string ShopId = "bench";

    private const string Seed = """
        {
          "parts": [],
          "services": [ { "code": "oil-change", "name": "Oil and filter change", "laborMinutes": 15, "skills": [], "bayType": "lift", "tools": [], "parts": [],
                          "price": { "amount": 69.95, "currency": "USD" } } ],
          "shops": [ {
            "id": "bench", "name": "AutoShop Bench", "timeZone": "America/New_York", "phoneRegion": "US",
            "slotGranularityMinutes": 15, "bookingHorizonDays": 366, "minimumNoticeMinutes": 0,
            "openingHours": { "monday": ["06:00-22:00"], "tuesday": ["06:00-22:00"], "wednesday": ["06:00-22:00"], "thursday": ["06:00-22:00"],
                              "friday": ["06:00-22:00"], "saturday": ["06:00-22:00"], "sunday": ["06:00-22:00"] },
            "closures": [],
            "technicians": [ { "id": "tech-1", "name": "Tech One", "skills": [],
              "shifts": { "monday": ["06:00-22:00"], "tuesday": ["06:00-22:00"], "wednesday": ["06:00-22:00"], "thursday": ["06:00-22:00"],
                          "friday": ["06:00-22:00"], "saturday": ["06:00-22:00"], "sunday": ["06:00-22:00"] } } ],
            "bays": [ { "id": "lift-1", "name": "Lift 1", "type": "lift" } ],
            "tools": [],
            "serviceCodes": [ "oil-change" ]
          } ]
        }
        """;

    public static async Task<IReadOnlyList<CloudEvent>> AppointmentsAsync(IServiceProvider services, int count, CancellationToken ct)
    {
        var shops = services.GetRequiredService<IShopStore>();
        await DemoSeeder.SeedAsync(shops, Seed, ct);
        var setup = await shops.GetAsync(AutoShop.Domain.Booking.ShopId.Parse(ShopId), ct) ?? throw new InvalidOperationException("Bench shop missing.");
        var schedule = services.GetRequiredService<IScheduleStore>();
        var clock = TimeProvider.System;
        var planner = new BookingPlanner(clock);
        var zone = setup.Shop.Zone;
        var firstDay = SystemClock.Instance.GetCurrentInstant().InZone(zone).Date.PlusDays(1);
        var vehicle = Vehicle.TryCreate(null, "BENCH-1", "Honda", "Civic", 2019, null, 2027).OrThrow();
        var events = new ConcurrentBag<(int, CloudEvent)>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < count)
            {
                var start = firstDay.PlusDays(i / 64).At(new LocalTime(6, 0).PlusMinutes(15 * (i % 64)));
                if (!planner.Plan(new BookingRequest(setup, [ServiceCode.Parse("oil-change")], start, [])).TryGetValue(out var assignment, out var rejection))
                    throw new InvalidOperationException($"No slot at {start}: {rejection}");
                var email = EmailAddress.Parse($"bench-{i}@example.com");
                var preferences = ContactPreferences.TryCreate(true, false, ContactChannels.Email).OrThrow();
                var customer = Customer.TryCreate("Bench Customer", email, null, preferences).OrThrow();
                var id = AppointmentLocator.NewId(setup.Shop.Id, assignment.LocalDate);
                if (!Appointment.Book(id, setup.Shop, assignment, customer, vehicle, null, BookingSource.Web, Actor.Customer(email.Value), clock).TryGetValue(out var change, out var error))
                    throw new InvalidOperationException($"Booking {i} refused: {error}");
                var cloudEvent = AppointmentCloudEvents.From(change, $"bench-{i}");
                var saved = await schedule.BookAsync(change, assignment, new AuditContext($"bench-{i}"), cloudEvent, ct);
                if (saved != SaveOutcome.Saved) throw new InvalidOperationException($"Seeding appointment {i} failed: {saved}");
                events.Add((i, cloudEvent));
            }
        }));
        return [.. events.OrderBy(e => e.Item1).Select(e => e.Item2)];
    }
}
