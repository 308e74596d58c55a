using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using NodaTime;

namespace AutoShop.Functions.Inventory;

/// <summary>A request as read for a change: the ETag and version its next write must present, and the links of its old shape.</summary>
internal sealed record StoredRequest(ProcurementRequest Request, ETag ETag, int Version, string? LegacyNeeds);

/// <summary>
/// The procurement rows of the inventory table (PartitionKey = shop id): the request <c>proc|{id}</c>
/// (status, times, how many cards are linked), one row per linked job card <c>proclink|{id}|{jobCard}</c>
/// (its quantity and need-by time; quantity 0 once unlinked), the insert-only version guard
/// <c>procv|{id}|{version}</c> and the part's open-request pointer <c>procopen|{sku}</c>.
/// Requests written before links were rows carry them all in a <c>Needs</c> JSON property (it grew past
/// Azure's 64 KiB property limit at a few hundred cards). Those links are still read from it; a link row
/// of the same card overrides it, which is why an unlinked card keeps its row at quantity 0.
/// </summary>
internal static class ProcurementRows
{
    public const string Prefix = "proc|";
    public const string LinkPrefix = "proclink|";
    public const string LegacyNeeds = "Needs";

    public static string Key(string id) => Prefix + id;

    public static string OpenKey(Sku sku) => $"procopen|{sku.Value}";

    public static string LinkKey(string id, string jobCardId) => $"{LinkPrefix}{id}|{jobCardId}";

    /// <summary>Every link row of one request, or of all requests in the partition when <paramref name="id"/> is null.</summary>
    public static string LinkFilter(string shop, string? id)
    {
        var from = id is null ? LinkPrefix : $"{LinkPrefix}{id}|";
        var to = from[..^1] + "}";
        return TableClient.CreateQueryFilter($"PartitionKey eq {shop} and RowKey ge {from} and RowKey lt {to}");
    }

    public static TableEntity Guard(ProcurementRequest r, int version) => new(r.ShopId.Value, $"procv|{r.Id}|{version:D6}");

    /// <summary>The request row; a request of the old shape keeps its links' JSON unchanged (the link rows override it).</summary>
    public static TableEntity Write(ProcurementRequest r, int version, string? legacyNeeds)
    {
        var row = new TableEntity(r.ShopId.Value, Key(r.Id))
        {
            ["Version"] = version,
            ["Sku"] = r.Sku.Value,
            ["Status"] = r.Status.ToString(),
            ["LinkCount"] = r.LinkCount,
            ["CreatedAt"] = r.CreatedAt.ToDateTimeOffset(),
            ["UpdatedAt"] = r.UpdatedAt.ToDateTimeOffset(),
        };
        if (legacyNeeds is not null) row[LegacyNeeds] = legacyNeeds;
        return row;
    }

    public static TableEntity WriteLink(ProcurementRequest r, string jobCardId, ProcurementNeed? need) => new(r.ShopId.Value, LinkKey(r.Id, jobCardId))
    {
        ["RequestId"] = r.Id,
        ["JobCardId"] = jobCardId,
        ["Quantity"] = need?.Quantity ?? 0,
        ["NeededBy"] = need?.NeededBy.ToDateTimeOffset(),
    };

    /// <summary>
    /// The request from its row. A row of the old shape has no link count: <paramref name="legacyCount"/>
    /// supplies it when the caller needs it right (a change), zero otherwise.
    /// </summary>
    public static ProcurementRequest Read(TableEntity row, int? legacyCount = null) =>
        ProcurementRequest.Restore(row.RowKey[Prefix.Length..], ShopId.Parse(row.PartitionKey), Sku.Parse(row.GetString("Sku")),
            row.GetInt32("LinkCount") ?? legacyCount ?? 0,
            Enum.Parse<ProcurementStatus>(row.GetString("Status")),
            Instant.FromDateTimeOffset(row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue),
            Instant.FromDateTimeOffset(row.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue));

    public static bool HasLinkCount(TableEntity row) => row.GetInt32("LinkCount") is not null;

    /// <summary>A link row's need; null when the card was unlinked.</summary>
    public static ProcurementNeed? ReadLink(TableEntity row) =>
        (row.GetInt32("Quantity") ?? 0) > 0 && row.GetDateTimeOffset("NeededBy") is { } neededBy
            ? new ProcurementNeed(row.GetInt32("Quantity")!.Value, Instant.FromDateTimeOffset(neededBy))
            : null;

    /// <summary>The links a request of the old shape holds in its own row.</summary>
    public static Dictionary<string, ProcurementNeed> ReadLegacy(string? json)
    {
        if (string.IsNullOrEmpty(json)) return new(StringComparer.Ordinal);
        var rows = JsonSerializer.Deserialize(json, InventoryJsonContext.Default.DictionaryStringNeedRow) ?? [];
        return rows.ToDictionary(n => n.Key, n => new ProcurementNeed(n.Value.Quantity, Instant.FromDateTimeOffset(n.Value.NeededBy)), StringComparer.Ordinal);
    }

    /// <summary>The old-shape links overridden by the link rows (which drop the cards unlinked since).</summary>
    public static Dictionary<string, ProcurementNeed> Merge(string? legacyJson, IEnumerable<TableEntity> linkRows)
    {
        var needs = ReadLegacy(legacyJson);
        foreach (var row in linkRows)
        {
            var jobCardId = row.GetString("JobCardId");
            if (ReadLink(row) is { } need) needs[jobCardId] = need;
            else needs.Remove(jobCardId);
        }
        return needs;
    }
}

/// <summary>One link as the old request shape stored it inside its row's <c>Needs</c> JSON.</summary>
internal sealed record NeedRow(int Quantity, DateTimeOffset NeededBy);
