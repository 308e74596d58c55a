using System.Collections.Concurrent;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// The real Table schedule store, counting the reads a booking makes to decide: day reads (each a query over a range of days) and
/// release-mark point reads. Day reads can be held at a gate until the test opens it.
/// </summary>
public sealed class CountingScheduleStore(TableScheduleStore inner) : IScheduleStore
{
    private int releaseMarkReads;

    /// <summary>The first and last day of each day read (one query each).</summary>
    public ConcurrentQueue<(LocalDate First, LocalDate Last)> DayReads { get; } = new();

    public int ReleaseMarkReads => Volatile.Read(ref releaseMarkReads);

    /// <summary>When set, day reads wait for it (and signal <see cref="DayReadWaiting"/> first).</summary>
    public TaskCompletionSource? DayReadGate { get; set; }

    public TaskCompletionSource DayReadWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Replaces the app's schedule store with a counting one; the instance is handed to <paramref name="capture"/>.</summary>
    public static Action<IServiceCollection> Install(Action<CountingScheduleStore> capture) => services =>
    {
        services.AddSingleton<TableScheduleStore>();
        services.Replace(ServiceDescriptor.Singleton<IScheduleStore>(sp =>
        {
            var store = new CountingScheduleStore(sp.GetRequiredService<TableScheduleStore>());
            capture(store);
            return store;
        }));
    };

    public async Task<IReadOnlyDictionary<LocalDate, DayRead>> ReadDaysForBookingAsync(ShopId shop, LocalDate first, LocalDate last, CancellationToken ct)
    {
        DayReads.Enqueue((first, last));
        if (DayReadGate is { } gate)
        {
            DayReadWaiting.TrySetResult();
            await gate.Task.WaitAsync(ct);
        }
        return await inner.ReadDaysForBookingAsync(shop, first, last, ct);
    }

    public Task<string> ReadReleaseMarkAsync(ShopId shop, LocalDate date, CancellationToken ct)
    {
        Interlocked.Increment(ref releaseMarkReads);
        return inner.ReadReleaseMarkAsync(shop, date, ct);
    }

    public Task<IReadOnlyList<ExistingBooking>> LoadBookingsAsync(ShopId shop, IEnumerable<LocalDate> dates, CancellationToken ct) =>
        inner.LoadBookingsAsync(shop, dates, ct);

    public Task<IReadOnlyList<Appointment>> ListDayAsync(ShopId shop, LocalDate date, CancellationToken ct) => inner.ListDayAsync(shop, date, ct);

    public Task<StoredAppointment?> FindAsync(AppointmentId id, CancellationToken ct) => inner.FindAsync(id, ct);

    public Task<SaveOutcome> BookAsync(AppointmentChange booked, Assignment assignment, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct) =>
        inner.BookAsync(booked, assignment, audit, cloudEvent, ct);

    public Task<SaveOutcome> SaveChangeAsync(StoredAppointment current, AppointmentChange change, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct) =>
        inner.SaveChangeAsync(current, change, audit, cloudEvent, ct);

    public Task<SaveOutcome> RescheduleAsync(StoredAppointment current, AppointmentChange change, Assignment assignment, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct) =>
        inner.RescheduleAsync(current, change, assignment, audit, cloudEvent, ct);

    public Task<int> ResolveStaleMovesAsync(IEnumerable<string> shopIds, DateTimeOffset olderThan, CancellationToken ct) =>
        inner.ResolveStaleMovesAsync(shopIds, olderThan, ct);
}
