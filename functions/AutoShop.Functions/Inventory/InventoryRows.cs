using System.Globalization;
using Azure;
using Azure.Data.Tables;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;

namespace AutoShop.Functions.Inventory;

/// <summary>A stock row as read: the level, its version and the ETag a write must present.</summary>
internal sealed record StockRow(StockLevel Level, int Version, ETag? ETag);

/// <summary>
/// Keys of the inventory table (PartitionKey = shop id, so a part's stock, its reservations, its
/// shortage index and its audit rows commit together): <c>stock|{sku}</c>, <c>stockv|{sku}|{version}</c>
/// (insert-only guard), <c>resv|{jobCard}|{sku}</c>, <c>short|{sku}|{startTicks}|{jobCard}</c>,
/// <c>proc|{id}</c>, <c>proclink|{id}|{jobCard}</c>, <c>procv|{id}|{version}</c>, <c>procopen|{sku}</c> (<see cref="ProcurementRows"/>), <c>audit|…</c>.
/// </summary>
internal static class InventoryRows
{
    public const string StockPrefix = "stock|";
    public const string ReservationPrefix = "resv|";
    public const string ShortPrefix = "short|";

    public static string Stock(Sku sku) => StockPrefix + sku.Value;

    public static string Guard(Sku sku, int version) => $"stockv|{sku.Value}|{version.ToString("D10", CultureInfo.InvariantCulture)}";

    public static string Reservation(string jobCardId, Sku sku) => $"{ReservationPrefix}{jobCardId}|{sku.Value}";

    public static string Short(Sku sku, NodaTime.Instant start, string jobCardId) =>
        $"{ShortPrefix}{sku.Value}|{start.ToUnixTimeTicks().ToString("D19", CultureInfo.InvariantCulture)}|{jobCardId}";

    public static StockRow ReadStock(TableEntity row) => new(
        StockLevel.TryCreate(Sku.Parse(row.RowKey[StockPrefix.Length..]), row.GetString("Description"), row.GetInt32("OnHand") ?? 0,
            row.GetInt32("Reserved") ?? 0, row.GetInt32("ReorderPoint") ?? 0, row.GetString("Supplier"), row.GetInt32("LeadTimeDays") ?? 0).OrThrow(),
        row.GetInt32("Version") ?? 0, row.ETag);

    public static TableEntity WriteStock(string shop, StockLevel level, int version) =>
        new(shop, Stock(level.Sku))
        {
            ["Description"] = level.Description,
            ["OnHand"] = level.OnHand,
            ["Reserved"] = level.Reserved,
            ["ReorderPoint"] = level.ReorderPoint,
            ["Supplier"] = level.Supplier,
            ["LeadTimeDays"] = level.LeadTimeDays,
            ["Version"] = version,
        };

    public static string Describe(StockLevel s) => $"onHand={s.OnHand} reserved={s.Reserved}";
}
