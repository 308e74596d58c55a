using Azure.Data.Tables;
using AutoShop.Domain.Audit;
using AutoShop.Functions.Storage;
using NodaTime;

namespace AutoShop.Functions.Audit;

/// <summary>
/// Appends to a shop's ledger by claiming the next sequence number with an insert: the link row, its
/// source marker and the new head go in one transaction in the shop's partition. An insert that
/// finds its sequence number taken means another appender got there first — re-read the head and
/// try the next number — so concurrent appenders on any number of instances never fork the chain.
/// A taken marker means the source was chained already.
/// </summary>
public sealed partial class TableAuditLog(StorageClients storage, TimeProvider clock, ILogger<TableAuditLog> logger) : IAuditLog
{
    /// <summary>Each failed attempt means another append succeeded, so this bounds waiting behind that many concurrent appends.</summary>
    public const int MaxAttempts = 64;

    private TableClient Table => storage.Tables.GetTableClient(AuditChainRows.Table);

    public async Task<AuditAppendResult> AppendAsync(AuditRecord record, CancellationToken ct)
    {
        var shop = record.Shop.Value;
        var head = await ReadHeadAsync(shop, walkForward: false, ct);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var sequence = head.Sequence + 1;
            // Never earlier than the previous link, so chained times ascend with sequence numbers across instances.
            var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
            var chainedAt = Instant.FromUnixTimeTicks(Math.Max(now.ToUnixTimeTicks(), head.ChainedAt.ToUnixTimeTicks()));
            var fields = ChainLinkFields.From(record, sequence, chainedAt);
            var hash = AuditChain.Hash(head.Hash, fields);
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, AuditChainRows.Marker(shop, record.SourceKey, sequence, hash)),
                new(TableTransactionActionType.Add, AuditChainRows.Link(fields, hash)),
                new(TableTransactionActionType.UpsertReplace, AuditChainRows.Head(shop, sequence, hash, chainedAt)),
            ];
            try
            {
                await Table.SubmitTransactionAsync(actions, ct);
                return new AuditAppendResult(sequence, hash, AlreadyChained: false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                if (ex.FailedTransactionActionIndex == 0)
                    return await ExistingAsync(shop, record.SourceKey, ct);
                LogSequenceTaken(logger, shop, sequence, attempt);
                head = await ReadHeadAsync(shop, walkForward: true, ct);
            }
        }
        throw new InvalidOperationException($"Could not claim a ledger sequence number for shop '{shop}' in {MaxAttempts} attempts.");
    }

    /// <summary>
    /// The head row, which every append rewrites in its own transaction. After a lost race, links past
    /// it are read too, so even a missing or stale head cannot make appenders retry the same number.
    /// </summary>
    internal async Task<ChainHead> ReadHeadAsync(string shop, bool walkForward, CancellationToken ct)
    {
        var head = await AuditChainRows.HeadAsync(Table, shop, ct);
        if (!walkForward) return head;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shop} and RowKey gt {AuditChainRows.LinkKey(head.Sequence)} and RowKey lt {":"}");
        await foreach (var later in Table.QueryAsync<TableEntity>(filter, select: ["RowKey", AuditChainRows.Hash, AuditChainRows.ChainedAt], cancellationToken: ct))
            head = new ChainHead(long.Parse(later.RowKey, System.Globalization.CultureInfo.InvariantCulture), later.GetString(AuditChainRows.Hash),
                Instant.FromDateTimeOffset(later.GetDateTimeOffset(AuditChainRows.ChainedAt) ?? DateTimeOffset.MinValue));
        return head;
    }

    public async Task<bool> IsChainedAsync(string shop, string sourceKey, CancellationToken ct) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(shop, AuditChainRows.MarkerKey(sourceKey), select: ["RowKey"], cancellationToken: ct)).HasValue;

    private async Task<AuditAppendResult> ExistingAsync(string shop, string sourceKey, CancellationToken ct)
    {
        var marker = (await Table.GetEntityAsync<TableEntity>(shop, AuditChainRows.MarkerKey(sourceKey), cancellationToken: ct)).Value;
        return new AuditAppendResult(marker.GetInt64("Sequence") ?? 0, marker.GetString(AuditChainRows.Hash), AlreadyChained: true);
    }

    [LoggerMessage(LogLevel.Debug, "Ledger sequence {Sequence} of shop {ShopId} was taken by another appender (attempt {Attempt}); re-reading the head")]
    private static partial void LogSequenceTaken(ILogger logger, string shopId, long sequence, int attempt);
}
