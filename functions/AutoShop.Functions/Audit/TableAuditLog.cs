using System.Collections.Concurrent;
using Azure.Data.Tables;
using AutoShop.Domain.Audit;
using AutoShop.Functions.Storage;
using NodaTime;

namespace AutoShop.Functions.Audit;

/// <summary>
/// Appends to a shop's ledger by claiming the next sequence numbers with inserts: the link rows, their
/// source markers and the new head go in one transaction in the shop's partition. An insert that
/// finds its sequence number taken means another appender got there first — re-read the head and
/// try the next numbers — so concurrent appenders on any number of instances never fork the chain.
/// A taken marker means the source was chained already.
/// Within an instance, appends to one shop are committed together: while one transaction is in
/// flight, the records that arrive wait and then go as the next group, so a burst of events costs a
/// transaction per group instead of a race per record (ledger order is arrival order either way).
/// </summary>
public sealed partial class TableAuditLog(StorageClients storage, TimeProvider clock, ILogger<TableAuditLog> logger) : IAuditLog
{
    /// <summary>Each failed attempt means another append succeeded, so this bounds waiting behind that many concurrent appends.</summary>
    public const int MaxAttempts = 64;

    /// <summary>Two rows per record and the head stay within a 100-entity transaction.</summary>
    public const int MaxGroup = 32;

    private readonly ConcurrentDictionary<string, ShopAppends> _shops = new(StringComparer.Ordinal);

    private TableClient Table => storage.Tables.GetTableClient(AuditChainRows.Table);

    public async Task<AuditAppendResult> AppendAsync(AuditRecord record, CancellationToken ct)
    {
        var pending = new PendingAppend(record);
        var appends = _shops.GetOrAdd(record.Shop.Value, _ => new ShopAppends());
        // The first record with no flush under way starts one in the background: a caller that ran it
        // itself would stay, past its own record, committing the records of everyone after it.
        if (appends.Enqueue(pending))
            _ = Task.Run(() => FlushAsync(record.Shop.Value, appends), CancellationToken.None);
        return await pending.Completion.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Commits groups until nothing waits. Never throws: a failure goes to every caller in its group.
    /// Not cancelled with any caller's token: the records of other callers are in its groups.
    /// </summary>
    private async Task FlushAsync(string shop, ShopAppends appends)
    {
        while (appends.TakeGroup(MaxGroup) is { } group)
        {
            try
            {
                await AppendGroupAsync(shop, group, CancellationToken.None);
            }
            catch (Exception e)
            {
                // Not swallowed: every caller in the group gets the failure (and its message is retried).
                foreach (var pending in group) pending.Completion.TrySetException(e);
            }
        }
    }

    private async Task AppendGroupAsync(string shop, List<PendingAppend> group, CancellationToken ct)
    {
        var head = await ReadHeadAsync(shop, walkForward: false, ct);
        for (var attempt = 1; attempt <= MaxAttempts && group.Count > 0; attempt++)
        {
            var (actions, results) = Build(shop, head, group);
            try
            {
                await Table.SubmitTransactionAsync(actions, ct);
                for (var i = 0; i < group.Count; i++) group[i].Completion.TrySetResult(results[i]);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                if (ex.FailedTransactionActionIndex is { } index && index % 2 == 0 && index / 2 < group.Count)
                {
                    var chained = group[index / 2];
                    chained.Completion.TrySetResult(await ExistingAsync(shop, chained.Record.SourceKey, ct));
                    group.RemoveAt(index / 2);
                    continue;
                }
                LogSequenceTaken(logger, shop, head.Sequence + 1, attempt);
                head = await ReadHeadAsync(shop, walkForward: true, ct);
            }
        }
        if (group.Count > 0)
            throw new InvalidOperationException($"Could not claim a ledger sequence number for shop '{shop}' in {MaxAttempts} attempts.");
    }

    /// <summary>Marker and link of each record (markers at even indexes), then the new head.</summary>
    private (List<TableTransactionAction>, List<AuditAppendResult>) Build(string shop, ChainHead head, List<PendingAppend> group)
    {
        var actions = new List<TableTransactionAction>(group.Count * 2 + 1);
        var results = new List<AuditAppendResult>(group.Count);
        var (sequence, previousHash, previousAt) = (head.Sequence, head.Hash, head.ChainedAt);
        foreach (var pending in group)
        {
            sequence++;
            // Never earlier than the previous link, so chained times ascend with sequence numbers across instances.
            var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
            var chainedAt = Instant.FromUnixTimeTicks(Math.Max(now.ToUnixTimeTicks(), previousAt.ToUnixTimeTicks()));
            var fields = ChainLinkFields.From(pending.Record, sequence, chainedAt);
            var hash = AuditChain.Hash(previousHash, fields);
            actions.Add(new(TableTransactionActionType.Add, AuditChainRows.Marker(shop, pending.Record.SourceKey, sequence, hash)));
            actions.Add(new(TableTransactionActionType.Add, AuditChainRows.Link(fields, hash)));
            results.Add(new AuditAppendResult(sequence, hash, AlreadyChained: false));
            (previousHash, previousAt) = (hash, chainedAt);
        }
        actions.Add(new(TableTransactionActionType.UpsertReplace, AuditChainRows.Head(shop, sequence, previousHash, previousAt)));
        return (actions, results);
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
