using System.Collections.Concurrent;
using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using NodaTime;

namespace AutoShop.Functions.Inventory;

/// <summary>
/// What booking and availability learn about parts: which of the requested services' parts are short
/// right now and when they would arrive if ordered now. Read-only and informational — the job card's
/// reservation, made after booking, is what actually holds stock. Being advice, the stock it reads
/// may be up to <see cref="MaxAge"/> old: a busy shop's bookings then cost no inventory reads each.
/// </summary>
public sealed class PartsOutlook(TableInventoryStore inventory, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(ShopId Shop, Sku Sku), (StockLevel Level, DateTimeOffset ReadAt)> recent = new();

    public async Task<ImmutableArray<ForecastShortage>> ShortagesAsync(ShopSetup setup, IEnumerable<ServiceCode> services, CancellationToken ct)
    {
        var definitions = services.Select(c => setup.Catalog.GetValueOrDefault(c)).OfType<ServiceDefinition>().ToList();
        var skus = definitions.SelectMany(d => d.Parts).Select(p => p.Sku).Distinct().ToList();
        if (skus.Count == 0) return [];
        var stock = await StockAsync(setup.Shop.Id, skus, ct);
        return PartsForecast.ShortFor(definitions, stock, Instant.FromDateTimeOffset(clock.GetUtcNow()));
    }

    private async Task<IReadOnlyDictionary<Sku, StockLevel>> StockAsync(ShopId shop, List<Sku> skus, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stock = new Dictionary<Sku, StockLevel>();
        var missing = new List<Sku>();
        foreach (var sku in skus)
        {
            if (recent.TryGetValue((shop, sku), out var seen) && now - seen.ReadAt < MaxAge) stock[sku] = seen.Level;
            else missing.Add(sku);
        }
        if (missing.Count == 0) return stock;
        foreach (var (sku, level) in await inventory.GetManyAsync(shop, missing, ct))
        {
            stock[sku] = level;
            recent[(shop, sku)] = (level, now);
        }
        return stock;
    }

    /// <summary>SKUs short for the services, for the booking response.</summary>
    public async Task<IReadOnlyList<string>> WarningsAsync(ShopSetup setup, IEnumerable<ServiceCode> services, CancellationToken ct) =>
        [.. (await ShortagesAsync(setup, services, ct)).Select(s => s.Sku.Value)];

    /// <summary>Offers that start after the short parts arrive first; unchanged when nothing is short.</summary>
    public async Task<(ImmutableArray<T> Offers, Instant? PartsReadyAt)> PreferAfterPartsAsync<T>(ShopSetup setup, IEnumerable<ServiceCode> services,
        IEnumerable<T> offers, Func<T, Instant> start, CancellationToken ct)
    {
        var readyAt = PartsForecast.ReadyAt(await ShortagesAsync(setup, services, ct));
        return (PartsForecast.PreferAfter(offers, start, readyAt), readyAt);
    }
}
