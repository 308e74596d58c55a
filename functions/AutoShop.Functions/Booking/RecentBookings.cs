using System.Collections.Concurrent;
using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using NodaTime;

namespace AutoShop.Functions.Booking;

/// <summary>
/// This instance's recent view of each shop-day's bookings, so a booking can be planned without a
/// table query. It is advice, never authority: the claim inserts still decide every booking (a plan
/// made on a stale view loses its transaction and is planned again on a fresh read), and a refusal is
/// only answered on a view that storage confirms (<see cref="ConfirmAsync"/>). Nothing another
/// instance needs lives here.
/// </summary>
public sealed class RecentBookings(IScheduleStore schedule, TimeProvider clock)
{
    /// <summary>
    /// About how old a view may get before it is read again, for planning and for the alternatives
    /// offered with a 409. Staleness costs no correctness (see above), only a lost transaction now and
    /// then when other instances book the same day; each view lives 75–125% of this, so views read
    /// together (a cold start, a burst) are not all read again at the same moment.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    private const int PruneAbove = 5_000;
    private readonly ConcurrentDictionary<(ShopId, LocalDate), Entry> days = new();
    private readonly ConcurrentDictionary<(ShopId, LocalDate), Task> reading = new();
    private readonly ConcurrentDictionary<(ShopId, LocalDate), ImmutableList<(long Sequence, ExistingBooking Booking)>> added = new();
    private long additions;

    /// <summary>The bookings of each day: from a view younger than <see cref="MaxAge"/>, or read from storage (and remembered).</summary>
    public async Task<ImmutableArray<ExistingBooking>> GetAsync(ShopId shop, IEnumerable<LocalDate> dates, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var wanted = dates.Distinct().ToList();
        var missing = wanted.Where(d => !days.TryGetValue((shop, d), out var e) || now >= e.ExpiresAt).ToList();
        if (missing.Count > 0) await ReadSharedAsync(shop, missing, ct);
        return [.. wanted.SelectMany(d => days.TryGetValue((shop, d), out var e) ? e.Bookings : [])];
    }

    /// <summary>
    /// Reads the missing days in one query (from the first to the last of them) and lets requests that
    /// need the same days meanwhile share it: a burst of requests for days this instance has not seen (a
    /// cold start, a popular week) costs one query, not one per day and request. Days another request is
    /// already reading are waited for. Only views are shared; a fresh read after a lost race
    /// (<see cref="ReadAsync"/>) must start after that race. The shared read is not cancelled with the
    /// request that started it, as others wait on it too.
    /// </summary>
    private Task ReadSharedAsync(ShopId shop, IReadOnlyList<LocalDate> missing, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mine = new List<LocalDate>();
        var waits = new List<Task>();
        foreach (var date in missing)
        {
            if (reading.TryAdd((shop, date), done.Task)) mine.Add(date);
            else if (reading.TryGetValue((shop, date), out var running)) waits.Add(running);
        }
        if (mine.Count > 0)
        {
            waits.Add(done.Task);
            _ = ReadForAllAsync();
        }
        return Task.WhenAll(waits).WaitAsync(ct);

        async Task ReadForAllAsync()
        {
            try
            {
                await ReadRangeAsync(shop, mine.Min(), mine.Max(), CancellationToken.None);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
            finally
            {
                foreach (var date in mine) reading.TryRemove(KeyValuePair.Create((shop, date), done.Task));
            }
        }
    }

    /// <summary>
    /// The day as storage would show it for a refusal: every booking in it still holds its resources.
    /// A view whose release mark storage still shows qualifies, however old (bookings others made since
    /// only make a refusal more certain); one point read instead of a query. Otherwise a fresh read.
    /// </summary>
    public async Task<ImmutableArray<ExistingBooking>> ConfirmAsync(ShopId shop, LocalDate date, CancellationToken ct)
    {
        if (days.TryGetValue((shop, date), out var entry) && entry.ReleaseMark is { } seen
            && await schedule.ReadReleaseMarkAsync(shop, date, ct) == seen)
            return entry.Bookings;
        return await ReadAsync(shop, date, ct);
    }

    /// <summary>Reads one day from storage, remembers it and returns it.</summary>
    public async Task<ImmutableArray<ExistingBooking>> ReadAsync(ShopId shop, LocalDate date, CancellationToken ct) =>
        (await ReadRangeAsync(shop, date, date, ct))[date];

    /// <summary>Reads every day of the range from storage in one query and remembers each.</summary>
    private async Task<Dictionary<LocalDate, ImmutableArray<ExistingBooking>>> ReadRangeAsync(ShopId shop, LocalDate first, LocalDate last, CancellationToken ct)
    {
        var readAt = clock.GetUtcNow();
        var addedBefore = Interlocked.Read(ref additions);
        // The marks come in the same snapshot as the bookings: one query instead of point reads and a query.
        var read = await schedule.ReadDaysForBookingAsync(shop, first, last, ct);
        var result = new Dictionary<LocalDate, ImmutableArray<ExistingBooking>>();
        foreach (var (date, day) in read)
        {
            var key = (shop, date);
            var fresh = new Entry([.. day.Bookings], readAt + MaxAge * (0.75 + Random.Shared.NextDouble() / 2), day.ReleaseMark);
            // Computed inside the swap, so a booking added meanwhile makes it run again and is kept.
            var stored = days.AddOrUpdate(key, _ => WithLaterAdditions(key, fresh, addedBefore), (_, _) => WithLaterAdditions(key, fresh, addedBefore));
            ForgetAdditionsUpTo(key, addedBefore);
            result[date] = stored.Bookings;
        }
        if (days.Count > PruneAbove) Prune(readAt);
        return result;
    }

    /// <summary>
    /// Bookings this instance added after the read began may be missing from its snapshot (they were
    /// committed after it); they are kept in the view the read leaves behind. Ones added before it began are
    /// in the snapshot, or were released since, so the read stands for them.
    /// </summary>
    private Entry WithLaterAdditions((ShopId, LocalDate) key, Entry fresh, long addedBefore)
    {
        if (!added.TryGetValue(key, out var list)) return fresh;
        var later = list.Where(a => a.Sequence > addedBefore && !fresh.Bookings.Any(b => b.AppointmentId == a.Booking.AppointmentId))
            .Select(a => a.Booking).ToList();
        return later.Count == 0 ? fresh : fresh with { Bookings = fresh.Bookings.AddRange(later) };
    }

    private void ForgetAdditionsUpTo((ShopId, LocalDate) key, long sequence)
    {
        if (!added.TryGetValue(key, out var list)) return;
        var kept = list.RemoveAll(a => a.Sequence <= sequence);
        // A concurrent addition makes either call fail: the older entries then wait for the next read.
        if (kept.IsEmpty) added.TryRemove(KeyValuePair.Create(key, list));
        else added.TryUpdate(key, kept, list);
    }

    /// <summary>A booking this instance just committed: later plans here see it without reading.</summary>
    public void Add(ShopId shop, LocalDate date, ExistingBooking booking)
    {
        var sequence = Interlocked.Increment(ref additions);
        added.AddOrUpdate((shop, date), _ => [(sequence, booking)], (_, list) => list.Add((sequence, booking)));
        days.AddOrUpdate((shop, date), _ => new Entry([booking], DateTimeOffset.MinValue, ReleaseMark: null), (_, e) => e with { Bookings = e.Bookings.Add(booking) });
    }

    /// <summary>Resources were released here (cancellation, no-show): read the day afresh next time.</summary>
    public void Forget(ShopId shop, LocalDate date)
    {
        days.TryRemove((shop, date), out _);
        added.TryRemove((shop, date), out _);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in days)
            if (now >= entry.ExpiresAt && days.TryRemove(key, out _)) added.TryRemove(key, out _);
    }

    /// <param name="ReleaseMark">The day's release mark read with <paramref name="Bookings"/>; null when unknown.</param>
    private sealed record Entry(ImmutableArray<ExistingBooking> Bookings, DateTimeOffset ExpiresAt, string? ReleaseMark);
}
