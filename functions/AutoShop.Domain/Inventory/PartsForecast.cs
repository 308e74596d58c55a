using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Inventory;

/// <summary>A part the requested services need more of than is available now, and when it would arrive if ordered now.</summary>
public sealed record ForecastShortage(Sku Sku, int Needed, int Available, Instant ExpectedArrival);

/// <summary>
/// Which parts a set of services would be short of if booked now. Informational: it reads stock as
/// it is, without reserving, so a booking made after it may still find the shelf different.
/// </summary>
public static class PartsForecast
{
    public static ImmutableArray<ForecastShortage> ShortFor(IEnumerable<ServiceDefinition> services,
        IReadOnlyDictionary<Sku, StockLevel> stock, Instant now) =>
        [.. services.SelectMany(s => s.Parts)
            .GroupBy(p => p.Sku)
            .Select(g => (Sku: g.Key, Needed: g.Sum(p => p.Quantity), Stock: stock.GetValueOrDefault(g.Key) ?? StockLevel.Unstocked(g.Key)))
            .Where(x => x.Stock.Available < x.Needed)
            .OrderBy(x => x.Sku)
            .Select(x => new ForecastShortage(x.Sku, x.Needed, x.Stock.Available, now + Duration.FromDays(x.Stock.LeadTimeDays)))];

    /// <summary>When every short part would be in, or null when nothing is short.</summary>
    public static Instant? ReadyAt(IEnumerable<ForecastShortage> shortages) =>
        shortages.Select(s => (Instant?)s.ExpectedArrival).Max();

    /// <summary>
    /// Puts the offers that start once the parts are in first (keeping their order), then the earlier
    /// ones: a customer who can wait gets a slot where the work can actually be done.
    /// </summary>
    public static ImmutableArray<T> PreferAfter<T>(IEnumerable<T> offers, Func<T, Instant> start, Instant? readyAt)
    {
        var list = offers.ToList();
        if (readyAt is not { } ready) return [.. list];
        return [.. list.Where(o => start(o) >= ready).Concat(list.Where(o => start(o) < ready))];
    }
}
