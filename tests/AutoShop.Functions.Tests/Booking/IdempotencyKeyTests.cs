using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using AutoShop.Functions.Idempotency;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace AutoShop.Functions.Tests.Booking;

public sealed class IdempotencyKeyTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Body = BookingRequests.Valid("2026-12-01T10:00", "oil-change");

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_replays_the_first_answer_and_stores_one_appointment()
    {
        await using var shop = await BookingHarness.StartAsync();
        using var client = shop.App.CreateClient();

        using var first = await BookingHarness.BookAsync(client, Body, idempotencyKey: "key-same-body-1");
        using var retry = await BookingHarness.BookAsync(client, Body, idempotencyKey: "key-same-body-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(["true"], retry.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        var retryId = (await retry.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        Assert.Equal(firstId, retryId);
        Assert.Single(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(), "appt|"));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_books_nothing_more()
    {
        await using var shop = await BookingHarness.StartAsync();
        using var client = shop.App.CreateClient();

        using var first = await BookingHarness.BookAsync(client, Body, idempotencyKey: "key-other-body-1");
        using var other = await BookingHarness.BookAsync(client, Body.With("start", "2026-12-01T11:00"), idempotencyKey: "key-other-body-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Single(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(), "appt|"));
    }

    [Fact]
    public async Task Of_two_concurrent_first_requests_with_one_key_one_runs_and_the_other_is_409_in_flight()
    {
        var gate = new BookingGate();
        await using var shop = await BookingHarness.StartAsync(configure: s =>
        {
            s.AddSingleton<TableScheduleStore>();
            s.Replace(ServiceDescriptor.Singleton<IScheduleStore>(sp => new GatedScheduleStore(sp.GetRequiredService<TableScheduleStore>(), gate)));
        });
        using var client = shop.App.CreateClient();

        var running = BookingHarness.BookAsync(client, Body, idempotencyKey: "key-concurrent-1");
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        using var second = await BookingHarness.BookAsync(client, Body, idempotencyKey: "key-concurrent-1");
        gate.Release.SetResult();
        using var first = await running;

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1, gate.Bookings);
        using var later = await BookingHarness.BookAsync(client, Body, idempotencyKey: "key-concurrent-1");
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.Equal(["true"], later.Headers.GetValues("Idempotent-Replayed"));
        Assert.Single(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(), "appt|"));
    }

    [Fact]
    public async Task A_booking_whose_answer_cannot_be_recorded_under_its_key_still_answers_201_and_retries_see_it_in_flight()
    {
        await using var shop = await BookingHarness.StartAsync(configure: s =>
        {
            s.AddSingleton<TableIdempotencyStore>();
            s.Replace(ServiceDescriptor.Singleton<IIdempotencyStore>(sp => new UnrecordableStore(sp.GetRequiredService<TableIdempotencyStore>())));
        });
        using var client = shop.App.CreateClient();

        using var first = await BookingHarness.BookAsync(client, Body, idempotencyKey: "key-unrecorded-1");
        using var retry = await BookingHarness.BookAsync(client, Body, idempotencyKey: "key-unrecorded-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Single(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(), "appt|"));
    }

    /// <summary>Storage refuses to record completed answers (as it might for a moment, mid-request).</summary>
    private sealed class UnrecordableStore(TableIdempotencyStore inner) : IIdempotencyStore
    {
        public Task<bool> TryStartAsync(IdempotencyRecord record, CancellationToken ct) => inner.TryStartAsync(record, ct);

        public Task<IdempotencyRecord?> FindAsync(string scope, string key, CancellationToken ct) => inner.FindAsync(scope, key, ct);

        public Task CompleteAsync(IdempotencyRecord record, CancellationToken ct) => throw new RequestFailedException(503, "Server busy");

        public Task ReleaseAsync(string scope, string key, CancellationToken ct) => inner.ReleaseAsync(scope, key, ct);
    }

    /// <summary>Holds the first booking inside the store until the test lets it go.</summary>
    private sealed class BookingGate
    {
        private int bookings;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Bookings => bookings;

        public int Enter() => Interlocked.Increment(ref bookings);
    }

    private sealed class GatedScheduleStore(TableScheduleStore inner, BookingGate gate) : IScheduleStore
    {
        public Task<IReadOnlyList<ExistingBooking>> LoadBookingsAsync(ShopId shop, IEnumerable<LocalDate> dates, CancellationToken ct) =>
            inner.LoadBookingsAsync(shop, dates, ct);

        public Task<string> ReadReleaseMarkAsync(ShopId shop, LocalDate date, CancellationToken ct) => inner.ReadReleaseMarkAsync(shop, date, ct);

        public Task<IReadOnlyDictionary<LocalDate, DayRead>> ReadDaysForBookingAsync(ShopId shop, LocalDate first, LocalDate last, CancellationToken ct) =>
            inner.ReadDaysForBookingAsync(shop, first, last, ct);

        public Task<IReadOnlyList<Appointment>> ListDayAsync(ShopId shop, LocalDate date, CancellationToken ct) => inner.ListDayAsync(shop, date, ct);

        public Task<StoredAppointment?> FindAsync(AppointmentId id, CancellationToken ct) => inner.FindAsync(id, ct);

        public async Task<SaveOutcome> BookAsync(AppointmentChange booked, Assignment assignment, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct)
        {
            gate.Enter();
            gate.Entered.TrySetResult();
            await gate.Release.Task.WaitAsync(ct);
            return await inner.BookAsync(booked, assignment, audit, cloudEvent, ct);
        }

        public Task<SaveOutcome> SaveChangeAsync(StoredAppointment current, AppointmentChange change, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct) =>
            inner.SaveChangeAsync(current, change, audit, cloudEvent, ct);

        public Task<SaveOutcome> RescheduleAsync(StoredAppointment current, AppointmentChange change, Assignment assignment, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct) =>
            inner.RescheduleAsync(current, change, assignment, audit, cloudEvent, ct);

        public Task<int> ResolveStaleMovesAsync(IEnumerable<string> shopIds, DateTimeOffset olderThan, CancellationToken ct) =>
            inner.ResolveStaleMovesAsync(shopIds, olderThan, ct);
    }
}
