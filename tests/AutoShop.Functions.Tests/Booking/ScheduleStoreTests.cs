using System.Net;
using System.Net.Http.Json;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Vehicles;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Shops;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>The table schedule store on its own, for what the HTTP surface cannot provoke on demand.</summary>
public sealed class ScheduleStoreTests
{
    [Fact]
    public async Task A_booking_transaction_submitted_again_after_it_committed_counts_as_saved_while_another_booking_of_the_slot_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var shop = await BookingHarness.StartAsync();
        var store = shop.App.Services.GetRequiredService<IScheduleStore>();
        var setup = (await shop.App.Services.GetRequiredService<IShopStore>().GetAsync(ShopId.Parse("queens-blvd"), ct))!;
        var assignment = new BookingPlanner(shop.Clock)
            .Plan(new BookingRequest(setup, [ServiceCode.Parse("ac-recharge")], new LocalDateTime(2026, 12, 1, 9, 0), [])).Value;
        var (first, firstEvent) = Book(setup, assignment, shop.Clock);
        var (rival, rivalEvent) = Book(setup, assignment, shop.Clock);

        var saved = await store.BookAsync(first, assignment, new AuditContext("corr-store-0001"), firstEvent, ct);
        // What the storage SDK does when the first attempt committed but its response was lost: send it again.
        var resent = await store.BookAsync(first, assignment, new AuditContext("corr-store-0001"), firstEvent, ct);
        var taken = await store.BookAsync(rival, assignment, new AuditContext("corr-store-0002"), rivalEvent, ct);

        Assert.Equal(SaveOutcome.Saved, saved);
        Assert.Equal(SaveOutcome.Saved, resent);
        Assert.Equal(SaveOutcome.SlotTaken, taken);
        var rows = await shop.ScheduleRowsAsync("queens-blvd|2026-12-01");
        Assert.Equal("appt|" + first.Appointment.Id, Assert.Single(BookingHarness.WithPrefix(rows, "appt|")).RowKey);
        Assert.Single(BookingHarness.WithPrefix(rows, "audit|"));
    }

    [Fact]
    public async Task The_release_mark_of_a_day_changes_when_a_cancellation_frees_resources_and_not_when_bookings_take_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var shop = await BookingHarness.StartAsync();
        var store = shop.App.Services.GetRequiredService<IScheduleStore>();
        var (queens, day) = (ShopId.Parse("queens-blvd"), new LocalDate(2026, 12, 1));
        using var staff = shop.App.CreateStaffClient();

        var untouched = await store.ReadReleaseMarkAsync(queens, day, ct);
        var id = (await shop.BookOkAsync(BookingRequests.Valid("2026-12-01T09:00", "ac-recharge"))).GetProperty("id").GetString();
        await shop.BookOkAsync(BookingRequests.Valid("2026-12-01T13:00", "oil-change"));
        var afterBookings = await store.ReadReleaseMarkAsync(queens, day, ct);
        using var cancel = await staff.PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reasonCode = "customer-request" }, ct);
        var afterCancel = await store.ReadReleaseMarkAsync(queens, day, ct);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("", untouched);
        Assert.Equal(untouched, afterBookings);
        Assert.NotEqual(afterBookings, afterCancel);
        Assert.Equal(afterCancel, await store.ReadReleaseMarkAsync(queens, day, ct));
    }

    [Fact]
    public async Task A_day_read_for_booking_carries_the_release_mark_of_its_snapshot_and_only_the_bookings_holding_resources()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var shop = await BookingHarness.StartAsync();
        var store = shop.App.Services.GetRequiredService<IScheduleStore>();
        var (queens, day) = (ShopId.Parse("queens-blvd"), new LocalDate(2026, 12, 1));
        using var staff = shop.App.CreateStaffClient();
        var cancelled = (await shop.BookOkAsync(BookingRequests.Valid("2026-12-01T09:00", "ac-recharge"))).GetProperty("id").GetString();
        var kept = (await shop.BookOkAsync(BookingRequests.Valid("2026-12-01T13:00", "oil-change"))).GetProperty("id").GetString();

        var before = (await store.ReadDaysForBookingAsync(queens, day, day, ct))[day];
        using var cancel = await staff.PostAsJsonAsync($"/api/appointments/{cancelled}/cancel", new { reasonCode = "customer-request" }, ct);
        var after = (await store.ReadDaysForBookingAsync(queens, day, day, ct))[day];

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("", before.ReleaseMark);
        Assert.Equal(2, before.Bookings.Count);
        Assert.Equal(await store.ReadReleaseMarkAsync(queens, day, ct), after.ReleaseMark);
        Assert.NotEqual("", after.ReleaseMark);
        Assert.Equal(kept, Assert.Single(after.Bookings).AppointmentId.Value);
    }

    [Fact]
    public async Task A_read_of_several_days_answers_every_day_of_the_range_with_its_own_bookings_and_mark_and_nothing_of_other_shops()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var shop = await BookingHarness.StartAsync();
        var store = shop.App.Services.GetRequiredService<IScheduleStore>();
        var (queens, tuesday) = (ShopId.Parse("queens-blvd"), new LocalDate(2026, 12, 1));
        using var staff = shop.App.CreateStaffClient();
        var cancelled = (await shop.BookOkAsync(BookingRequests.Valid("2026-12-01T09:00", "ac-recharge"))).GetProperty("id").GetString();
        var thursday = (await shop.BookOkAsync(BookingRequests.Valid("2026-12-03T13:00", "oil-change"))).GetProperty("id").GetString();
        var friday = (await shop.BookOkAsync(BookingRequests.Valid("2026-12-04T10:00", "oil-change"))).GetProperty("id").GetString();
        using var cancel = await staff.PostAsJsonAsync($"/api/appointments/{cancelled}/cancel", new { reasonCode = "customer-request" }, ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var week = await store.ReadDaysForBookingAsync(queens, tuesday.PlusDays(-1), tuesday.PlusDays(2), ct);

        Assert.Equal([tuesday.PlusDays(-1), tuesday, tuesday.PlusDays(1), tuesday.PlusDays(2)], week.Keys.Order());
        Assert.Empty(week[tuesday].Bookings);
        Assert.Equal(await store.ReadReleaseMarkAsync(queens, tuesday, ct), week[tuesday].ReleaseMark);
        Assert.NotEqual("", week[tuesday].ReleaseMark);
        Assert.Equal("", week[tuesday.PlusDays(2)].ReleaseMark);
        Assert.Equal(thursday, Assert.Single(week[tuesday.PlusDays(2)].Bookings).AppointmentId.Value);
        Assert.Empty(week[tuesday.PlusDays(-1)].Bookings);
        Assert.Empty(week[tuesday.PlusDays(1)].Bookings);
        Assert.DoesNotContain(week.Values.SelectMany(d => d.Bookings), b => b.AppointmentId.Value == friday);
    }

    private static (AppointmentChange, Events.CloudEvent) Book(ShopSetup setup, Assignment assignment, TimeProvider clock)
    {
        var preferences = ContactPreferences.TryCreate(true, false, ContactChannels.Email).OrThrow();
        var customer = Customer.TryCreate("Rosa Diaz", EmailAddress.Parse("rosa.diaz@example.com"), null, preferences).OrThrow();
        var vehicle = Vehicle.TryCreate(null, "NYC-4821", "Honda", "Civic", 2019, null, 2027).OrThrow();
        var change = Appointment.Book(AppointmentLocator.NewId(setup.Shop.Id, assignment.LocalDate), setup.Shop, assignment,
            customer, vehicle, null, BookingSource.Web, Actor.Customer("rosa.diaz@example.com"), clock).Value;
        return (change, AppointmentCloudEvents.From(change, "corr-store"));
    }
}
