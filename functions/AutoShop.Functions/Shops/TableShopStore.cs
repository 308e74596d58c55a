using System.Collections.Concurrent;
using System.Text;
using Azure.Data.Tables;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Booking.Seed;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Shops;

/// <summary>
/// One row per shop (<c>PartitionKey = shop id, RowKey = "shop"</c>) holding its setup as a seed-format
/// JSON document, split over several properties because one string property holds at most 64 KiB.
/// Parsed setups are cached briefly per instance: reference data, not state another instance needs.
/// </summary>
public sealed class TableShopStore(StorageClients storage, TimeProvider clock) : IShopStore
{
    private const int ChunkChars = 30_000;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ShopSetup Setup, DateTimeOffset LoadedAt)> cache = new();

    private TableClient Table => storage.Tables.GetTableClient(TableNames.Shops);

    public async Task<ShopSetup?> GetAsync(ShopId id, CancellationToken ct)
    {
        if (cache.TryGetValue(id.Value, out var hit) && clock.GetUtcNow() - hit.LoadedAt < CacheFor) return hit.Setup;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id.Value, TableNames.ShopRowKey, cancellationToken: ct);
        if (!row.HasValue || row.Value is null) return null;
        var setup = ShopSetupDocument.Parse(ReadDocument(row.Value)).OrThrow().Single();
        cache[id.Value] = (setup, clock.GetUtcNow());
        return setup;
    }

    public async Task<IReadOnlyList<ShopSummary>> ListAsync(CancellationToken ct)
    {
        var result = new List<ShopSummary>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.RowKey == TableNames.ShopRowKey, select: ["PartitionKey", "Name", "TimeZone"], cancellationToken: ct))
            result.Add(new ShopSummary(row.PartitionKey, row.GetString("Name"), row.GetString("TimeZone")));
        return result;
    }

    public async Task SaveAsync(ShopSetup setup, string document, CancellationToken ct)
    {
        var entity = new TableEntity(setup.Shop.Id.Value, TableNames.ShopRowKey)
        {
            ["Name"] = setup.Shop.Name,
            ["TimeZone"] = setup.Shop.Zone.Id,
        };
        var chunks = document.Chunk(ChunkChars).Select(c => new string(c)).ToList();
        entity["Chunks"] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++) entity[$"Document{i}"] = chunks[i];
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        cache.TryRemove(setup.Shop.Id.Value, out _);
    }

    private static string ReadDocument(TableEntity row)
    {
        var text = new StringBuilder();
        for (var i = 0; i < (row.GetInt32("Chunks") ?? 0); i++) text.Append(row.GetString($"Document{i}"));
        return text.ToString();
    }
}
