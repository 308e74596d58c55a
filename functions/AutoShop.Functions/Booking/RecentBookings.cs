using System.Collections.Concurrent;
using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using NodaTime;

namespace AutoShop.Functions.Booking;

/// <summary>
/// This instance's seconds-old view of each shop-day's bookings, so a booking can be planned without
/// a table query. It is advice, never authority: the claim inserts still decide every booking (a plan
/// made on a stale view loses its transaction and is planned again on a fresh read), and a refusal is
/// only ever answered on a fresh read of the requested day. Nothing another instance needs lives here.
/// </summary>
public sealed class RecentBookings(IScheduleStore schedule, TimeProvider clock)
{
    /// <summary>How old a view may be: bounds how stale the alternatives offered with a 409 can be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private const int PruneAbove = 2_000;
    private readonly ConcurrentDictionary<(ShopId, LocalDate), Entry> days = new();

    /// <summary>The bookings of each day: from a view younger than <see cref="MaxAge"/>, or read from storage (and remembered).</summary>
    public async Task<ImmutableArray<ExistingBooking>> GetAsync(ShopId shop, IEnumerable<LocalDate> dates, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var wanted = dates.Distinct().ToList();
        var missing = wanted.Where(d => !days.TryGetValue((shop, d), out var e) || now - e.ReadAt >= MaxAge).ToList();
        await Task.WhenAll(missing.Select(d => ReadAsync(shop, d, ct)));
        return [.. wanted.SelectMany(d => days.TryGetValue((shop, d), out var e) ? e.Bookings : [])];
    }

    /// <summary>Reads one day from storage, remembers it and returns it.</summary>
    public async Task<ImmutableArray<ExistingBooking>> ReadAsync(ShopId shop, LocalDate date, CancellationToken ct)
    {
        var readAt = clock.GetUtcNow();
        var bookings = (await schedule.LoadBookingsAsync(shop, [date], ct)).ToImmutableArray();
        days[(shop, date)] = new Entry(bookings, readAt);
        if (days.Count > PruneAbove) Prune(readAt);
        return bookings;
    }

    /// <summary>A booking this instance just committed: later plans here see it without reading.</summary>
    public void Add(ShopId shop, LocalDate date, ExistingBooking booking) =>
        days.AddOrUpdate((shop, date), _ => new Entry([booking], DateTimeOffset.MinValue), (_, e) => e with { Bookings = e.Bookings.Add(booking) });

    /// <summary>Resources were released here (cancellation, no-show): read the day afresh next time.</summary>
    public void Forget(ShopId shop, LocalDate date) => days.TryRemove((shop, date), out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in days)
            if (now - entry.ReadAt >= MaxAge) days.TryRemove(key, out _);
    }

    private sealed record Entry(ImmutableArray<ExistingBooking> Bookings, DateTimeOffset ReadAt);
}
