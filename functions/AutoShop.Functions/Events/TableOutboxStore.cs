using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Events;

/// <summary>
/// Outbox rows live in the schedule table beside the change they describe (<c>outbox|{eventId}</c>).
/// The sweep reads each shop's partitions from <see cref="SweepDaysBack"/> days back onwards (a change to
/// a past appointment, such as a late no-show or completion, is written to that appointment's day),
/// with a RowKey range, so it never scans a shop's older history.
/// </summary>
public sealed class TableOutboxStore(StorageClients storage, TimeProvider clock) : IOutboxStore
{
    public const string EventProperty = "Event";
    public const string WrittenAtProperty = "WrittenAt";
    public const int SweepDaysBack = 35;

    public async IAsyncEnumerable<OutboxEntry> ListPendingAsync(DateTimeOffset writtenBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var shops = storage.Tables.GetTableClient(TableNames.Shops);
        var schedule = storage.Tables.GetTableClient(TableNames.Schedule);
        var fromDate = clock.GetUtcNow().UtcDateTime.Date.AddDays(-SweepDaysBack).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await foreach (var shop in shops.QueryAsync<TableEntity>(e => e.RowKey == TableNames.ShopRowKey, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey ge {shop.PartitionKey + "|" + fromDate} and PartitionKey lt {shop.PartitionKey + "}"} and RowKey ge {TableNames.OutboxPrefix} and RowKey lt {"outbox}"}");
            await foreach (var row in schedule.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var writtenAt = row.GetDateTimeOffset(WrittenAtProperty) ?? DateTimeOffset.MinValue;
                if (writtenAt >= writtenBefore) continue;
                yield return new OutboxEntry(row.PartitionKey, row.RowKey, CloudEvent.Parse(row.GetString(EventProperty)), writtenAt);
            }
        }
    }

    public async Task CompleteAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Tables.GetTableClient(TableNames.Schedule).DeleteEntityAsync(entry.PartitionKey, entry.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // relayed by someone else already
        }
    }

    /// <summary>The row a writer adds to its transaction.</summary>
    public static TableEntity ToEntity(string partitionKey, CloudEvent cloudEvent, DateTimeOffset writtenAt) =>
        new(partitionKey, TableNames.OutboxRowKey(cloudEvent.Id))
        {
            [EventProperty] = cloudEvent.ToJson(),
            [WrittenAtProperty] = writtenAt,
        };
}
