using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Storage;
using NodaTime;

namespace AutoShop.Functions.Audit;

/// <summary>Which links a staff query wants; every criterion given must hold.</summary>
public sealed record AuditQuery(ShopId? Shop, AppointmentId? Appointment, ActorKind? ActorKind, string? ActorId, AuditAction? Action, Instant? From, Instant? To);

/// <summary>One page of a query and the token for the next (null on the last page).</summary>
public sealed record LedgerPage(IReadOnlyList<StoredLink> Links, string? Continuation);

/// <summary>The outcome of checking a stretch of a shop's ledger.</summary>
public sealed record ChainVerification(long LinksChecked, long? FirstSequence, long? LastSequence, long HeadSequence, ChainBreak? FirstBreak);

/// <summary>Reads the ledger: staff queries page by page, exports as a stream of pages, verification link by link.</summary>
public sealed class TableAuditLedger(StorageClients storage)
{
    private const long MaxSequence = 999_999_999_999;

    private TableClient Table => storage.Tables.GetTableClient(AuditChainRows.Table);

    public async Task<LedgerPage> QueryAsync(AuditQuery query, string? continuation, int pageSize, CancellationToken ct)
    {
        var filter = string.Join(" and ", Conditions(query).Prepend(AuditChainRows.LinkRange));
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: ct).AsPages(continuation, pageSize))
            return new LedgerPage([.. page.Values.Select(AuditChainRows.Read)], page.ContinuationToken);
        return new LedgerPage([], null);
    }

    /// <summary>A shop's links whose record time falls in [from, to), a storage page at a time, so exports never hold more than one page.</summary>
    public async IAsyncEnumerable<IReadOnlyList<StoredLink>> PagesAsync(ShopId shop, Instant from, Instant to, [EnumeratorCancellation] CancellationToken ct)
    {
        var filter = string.Join(" and ", Conditions(new AuditQuery(shop, null, null, null, null, from, to)).Prepend(AuditChainRows.LinkRange));
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct).AsPages())
            yield return [.. page.Values.Select(AuditChainRows.Read)];
    }

    /// <summary>
    /// Checks the links chained in [from, to) (the whole ledger without bounds). A light first pass
    /// finds the lowest and highest sequence numbers chained in the range; the second walks every
    /// link between them in sequence order from the stored hash of the one before, so an edit (even
    /// of a chained time) or a removal anywhere in between is found, in constant memory.
    /// </summary>
    public async Task<ChainVerification> VerifyAsync(ShopId shop, Instant? from, Instant? to, CancellationToken ct)
    {
        var head = await AuditChainRows.HeadAsync(Table, shop.Value, ct);
        // Without a range, walk every link there is: a head row that was removed or rolled back must not shorten the walk.
        var (first, last) = from is { } f && to is { } t ? await BoundsAsync(shop.Value, f, t, ct) : (1, MaxSequence);
        if (first is null || last is null)
            return new ChainVerification(0, null, null, head.Sequence, null);

        var previousHash = AuditChain.GenesisHash;
        if (first > 1)
        {
            if (await LinkAsync(shop.Value, first.Value - 1, ct) is not { } before)
                return new ChainVerification(0, first, last, head.Sequence, new ChainBreak(first.Value - 1, ChainProblem.Missing, null, null));
            previousHash = before.Hash ?? "";
        }
        var walker = new ChainWalker(first.Value, previousHash);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {shop.Value} and RowKey ge {AuditChainRows.LinkKey(first.Value)} and RowKey le {AuditChainRows.LinkKey(last.Value)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var link = AuditChainRows.Read(row);
            if (walker.Accept(link.Fields, link.Hash) is { } broken)
                return new ChainVerification(walker.Checked, first, last, head.Sequence, broken);
        }
        var lastSeen = walker.LastSequence;
        // Links removed at the end of the range leave no later link to notice the gap; the head does.
        if (walker.Expected <= head.Sequence && await LinkAsync(shop.Value, walker.Expected, ct) is null)
            return new ChainVerification(walker.Checked, first, lastSeen, head.Sequence, new ChainBreak(walker.Expected, ChainProblem.Missing, null, null));
        return new ChainVerification(walker.Checked, walker.Checked == 0 ? null : first, lastSeen, head.Sequence, null);
    }

    private async Task<(long? First, long? Last)> BoundsAsync(string shop, Instant from, Instant to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {shop} and RowKey ge {"0"} and RowKey lt {":"} and ChainedAt ge {from.ToDateTimeOffset()} and ChainedAt lt {to.ToDateTimeOffset()}");
        long? first = null, last = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
        {
            var sequence = long.Parse(row.RowKey, System.Globalization.CultureInfo.InvariantCulture);
            first ??= sequence;
            last = sequence;
        }
        return (first, last);
    }

    private async Task<StoredLink?> LinkAsync(string shop, long sequence, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(shop, AuditChainRows.LinkKey(sequence), cancellationToken: ct);
        return row.HasValue && row.Value is not null ? AuditChainRows.Read(row.Value) : null;
    }

    private static IEnumerable<string> Conditions(AuditQuery q)
    {
        if (q.Shop is { } shop) yield return TableClient.CreateQueryFilter($"PartitionKey eq {shop.Value}");
        if (q.Appointment is { } appointment) yield return TableClient.CreateQueryFilter($"AppointmentId eq {appointment.Value}");
        if (q.ActorKind is { } kind) yield return TableClient.CreateQueryFilter($"ActorKind eq {kind.ToString().ToLowerInvariant()}");
        if (q.ActorId is { } actor) yield return TableClient.CreateQueryFilter($"ActorId eq {actor}");
        if (q.Action is { } action) yield return TableClient.CreateQueryFilter($"Action eq {action.Value}");
        if (q.From is { } from) yield return TableClient.CreateQueryFilter($"AtUtc ge {from.ToDateTimeOffset()}");
        if (q.To is { } to) yield return TableClient.CreateQueryFilter($"AtUtc lt {to.ToDateTimeOffset()}");
    }
}
