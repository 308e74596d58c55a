using System.Net;
using System.Text.Json;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>
/// What a booking reads from storage to decide: no more than its answer needs. Queens Boulevard's only
/// hvac technician works Tuesday to Saturday, and it has one A/C recovery machine.
/// </summary>
public sealed class BookingReadsTests
{
    private static readonly LocalDate Monday = new(2026, 11, 30);

    [Fact]
    public async Task A_start_nobody_on_shift_could_take_is_refused_on_one_read_of_the_week_around_it_without_confirming_the_day()
    {
        CountingScheduleStore store = null!;
        await using var shop = await BookingHarness.StartAsync(configure: CountingScheduleStore.Install(s => store = s));
        using var client = shop.App.CreateClient();

        using var response = await BookingHarness.BookAsync(client, BookingRequests.Valid("2026-11-30T09:00", "ac-recharge"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.StartsWith("2026-12-01T", body.GetProperty("alternatives")[0].GetProperty("start").GetProperty("local").GetString());
        Assert.Equal(0, store.ReleaseMarkReads);
        // Friday to Thursday around the Monday, in one query: the refusal's alternatives come from the same read.
        Assert.Equal([(Monday.PlusDays(-3), Monday.PlusDays(3))], store.DayReads);
    }

    [Fact]
    public async Task A_start_another_booking_took_is_refused_only_once_storage_confirms_the_day()
    {
        CountingScheduleStore store = null!;
        await using var shop = await BookingHarness.StartAsync(configure: CountingScheduleStore.Install(s => store = s));
        using var client = shop.App.CreateClient();
        using var first = await BookingHarness.BookAsync(client, BookingRequests.Valid("2026-12-01T09:00", "ac-recharge"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await BookingHarness.BookAsync(client, BookingRequests.Valid("2026-12-01T09:00", "ac-recharge"));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(1, store.ReleaseMarkReads);
        Assert.Single(store.DayReads); // the first booking's read of the week; the refusal read only the mark
    }

    [Fact]
    public async Task Requests_for_a_day_this_instance_has_not_seen_share_one_read_of_it()
    {
        CountingScheduleStore store = null!;
        await using var shop = await BookingHarness.StartAsync(configure: CountingScheduleStore.Install(s => store = s));
        var ct = TestContext.Current.CancellationToken;
        var booked = (await shop.BookOkAsync(BookingRequests.Valid("2026-12-01T09:00", "ac-recharge"))).GetProperty("id").GetString();
        var recent = shop.App.Services.GetRequiredService<RecentBookings>();
        recent.Forget(ShopId.Parse("queens-blvd"), Monday.PlusDays(1));
        store.DayReadGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var readsBefore = store.DayReads.Count;

        var views = Enumerable.Range(0, 6).Select(_ => recent.GetAsync(ShopId.Parse("queens-blvd"), [Monday.PlusDays(1)], ct)).ToList();
        await store.DayReadWaiting.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
        store.DayReadGate.SetResult();
        var days = await Task.WhenAll(views);

        Assert.Equal(1, store.DayReads.Count - readsBefore);
        Assert.All(days, d => Assert.Equal(booked, Assert.Single(d).AppointmentId.Value));
    }

    [Fact]
    public async Task A_booking_this_instance_adds_while_its_day_is_read_stays_in_the_view_but_one_added_before_the_read_does_not()
    {
        CountingScheduleStore store = null!;
        await using var shop = await BookingHarness.StartAsync(configure: CountingScheduleStore.Install(s => store = s));
        var ct = TestContext.Current.CancellationToken;
        var (queens, tuesday) = (ShopId.Parse("queens-blvd"), Monday.PlusDays(1));
        var recent = shop.App.Services.GetRequiredService<RecentBookings>();
        // Neither is in storage: "before" stands for one released since, "during" for one committed after the read's snapshot.
        recent.Add(queens, tuesday, Ghost("before", 9));
        store.DayReadGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        var view = recent.GetAsync(queens, [tuesday], ct);
        await store.DayReadWaiting.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
        recent.Add(queens, tuesday, Ghost("during", 13));
        store.DayReadGate.SetResult();
        var read = await view;

        Assert.Equal(["during"], read.Select(b => b.AppointmentId.Value));
        Assert.Equal(["during"], (await recent.GetAsync(queens, [tuesday], ct)).Select(b => b.AppointmentId.Value));
    }

    private static ExistingBooking Ghost(string id, int hour)
    {
        var start = Monday.PlusDays(1).At(new LocalTime(hour, 0)).InZoneStrictly(DateTimeZoneProviders.Tzdb["America/New_York"]).ToInstant();
        return new ExistingBooking(AppointmentId.Parse(id), start, start + Duration.FromHours(1),
            new ResourceAllocation(TechnicianId.Parse("sam-okafor"), BayId.Parse("lift-1"), [], []), 60);
    }
}
