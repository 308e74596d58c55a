using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.JobCards;
using NodaTime;

namespace AutoShop.Functions.Inventory;

/// <summary>
/// Procurement requests in the inventory table (<see cref="ProcurementRows"/>): per part a pointer to
/// the one request still collecting shortages, created by an insert (so two first shortages cannot open
/// two requests), and per request one row per linked job card, so a request holds any number of cards.
/// Every change of a request — a link, an unlink, a status move — writes the request row with
/// <c>If-Match</c> and inserts the next version's guard row, with the link row it changes, in one
/// transaction: Azure enforces the If-Match, Azurite the guard insert, so the request and its links never
/// disagree and an Ordered request takes no further link.
/// </summary>
public sealed class TableProcurementStore(Storage.StorageClients storage, TimeProvider clock)
{
    private const int MaxAttempts = 10;

    private readonly Storage.RowTurns _turns = new();

    private TableClient Table => storage.Tables.GetTableClient(TableInventoryStore.TableName);

    /// <summary>The request alone, without reading its links.</summary>
    public async Task<ProcurementRequest?> FindAsync(ShopId shop, string id, CancellationToken ct) =>
        await ReadRowAsync(shop, id, ct) is { } row ? ProcurementRows.Read(row) : null;

    /// <summary>The request with every job card linked to it.</summary>
    public async Task<ProcurementDemand?> GetAsync(ShopId shop, string id, CancellationToken ct)
    {
        if (await ReadRowAsync(shop, id, ct) is not { } row) return null;
        var links = new List<TableEntity>();
        await foreach (var link in Table.QueryAsync<TableEntity>(ProcurementRows.LinkFilter(shop.Value, id), cancellationToken: ct)) links.Add(link);
        var needs = ProcurementRows.Merge(row.GetString(ProcurementRows.LegacyNeeds), links);
        return new ProcurementDemand(ProcurementRows.Read(row, needs.Count), needs);
    }

    public async Task<IReadOnlyList<ProcurementDemand>> ListAsync(ShopId shop, ProcurementStatus? status, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shop.Value} and RowKey ge {ProcurementRows.Prefix} and RowKey lt {"proc}"}");
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            if (status is null || row.GetString("Status") == status.ToString()) rows.Add(row);
        if (rows.Count == 0) return [];
        var links = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        await foreach (var link in Table.QueryAsync<TableEntity>(ProcurementRows.LinkFilter(shop.Value, null), cancellationToken: ct))
        {
            var requestId = link.GetString("RequestId");
            if (!links.TryGetValue(requestId, out var ofRequest)) links[requestId] = ofRequest = [];
            ofRequest.Add(link);
        }
        var result = rows.Select(row =>
        {
            var needs = ProcurementRows.Merge(row.GetString(ProcurementRows.LegacyNeeds), links.GetValueOrDefault(row.RowKey[ProcurementRows.Prefix.Length..]) ?? []);
            return new ProcurementDemand(ProcurementRows.Read(row, needs.Count), needs);
        });
        return [.. result.OrderBy(r => r.NeededBy ?? Instant.MaxValue).ThenBy(r => r.Request.CreatedAt)];
    }

    /// <summary>
    /// Records a job card's shortfall on the request that already holds it (an Ordered one keeps its
    /// quantity), or on the part's open request, opening one if there is none.
    /// </summary>
    public async Task<ProcurementRequest> LinkAsync(ShopId shop, Sku sku, string jobCardId, int quantity, Instant neededBy, string? knownRequestId, CancellationToken ct)
    {
        using var turn = await _turns.TakeAsync(TurnKey(shop, sku), ct);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (knownRequestId is not null && await ReadAsync(shop, knownRequestId, ct) is { Request.Status: ProcurementStatus.Open or ProcurementStatus.Ordered } known
                && await ReadNeedAsync(known, jobCardId, ct) is { } held)
            {
                if (known.Request.Status == ProcurementStatus.Ordered) return known.Request;
                if (await TryLinkAsync(known, jobCardId, held, quantity, neededBy, ct) is { } linked) return linked;
                continue;
            }
            var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(shop.Value, ProcurementRows.OpenKey(sku), cancellationToken: ct);
            if (pointer.HasValue && pointer.Value is { } p)
            {
                var open = await ReadAsync(shop, p.GetString("RequestId"), ct);
                if (open is { Request.Status: ProcurementStatus.Open })
                {
                    if (await TryLinkAsync(open, jobCardId, await ReadNeedAsync(open, jobCardId, ct), quantity, neededBy, ct) is { } linked) return linked;
                    continue;
                }
                await DeleteIfUnchangedAsync(shop.Value, ProcurementRows.OpenKey(sku), p.ETag, ct); // stale: its request moved on
                continue;
            }
            var now = Now;
            var created = ProcurementRequest.Open(NewId(now), shop, sku, now).Link(null, quantity, neededBy, now).OrThrow();
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(shop.Value, ProcurementRows.OpenKey(sku)) { ["RequestId"] = created.Request.Id }),
                    new(TableTransactionActionType.Add, ProcurementRows.Write(created.Request, 1, null)),
                    new(TableTransactionActionType.Add, ProcurementRows.Guard(created.Request, 1)),
                    new(TableTransactionActionType.Add, ProcurementRows.WriteLink(created.Request, jobCardId, created.Need)),
                ], ct);
                return created.Request;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                // another shortage opened the request first: link to it
            }
        }
        throw new InvalidOperationException($"Procurement of {sku} at {shop} kept changing under {MaxAttempts} attempts.");
    }

    /// <summary>Takes a job card off an open request once it no longer needs it; an empty open request is cancelled.</summary>
    public async Task UnlinkAsync(ShopId shop, Sku sku, string requestId, string jobCardId, CancellationToken ct)
    {
        using var turn = await _turns.TakeAsync(TurnKey(shop, sku), ct);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await ReadAsync(shop, requestId, ct) is not { Request.Status: ProcurementStatus.Open } stored
                || await ReadNeedAsync(stored, jobCardId, ct) is not { } held) return;
            var next = stored.Request.Unlink(held, Now).OrThrow();
            if (await TryUpdateAsync(stored, next.Request, (jobCardId, next.Need), null, ct)) return;
        }
        throw new InvalidOperationException($"Procurement request {requestId} kept changing under {MaxAttempts} attempts.");
    }

    /// <summary>Takes a job card off the part's open request, if it is on it (used when the card no longer knows its request).</summary>
    public async Task UnlinkOpenAsync(ShopId shop, Sku sku, string jobCardId, CancellationToken ct)
    {
        var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(shop.Value, ProcurementRows.OpenKey(sku), cancellationToken: ct);
        if (pointer.HasValue && pointer.Value is { } p) await UnlinkAsync(shop, sku, p.GetString("RequestId"), jobCardId, ct);
    }

    /// <summary>Staff moves a request on; a request that stops being Open stops collecting shortages.</summary>
    public async Task<Result<ProcurementRequest, ValidationError>?> MoveToAsync(ShopId shop, string id, ProcurementStatus status, ChangeContext? context, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await ReadAsync(shop, id, ct) is not { } stored) return null;
            if (!stored.Request.MoveTo(status, Now).TryGetValue(out var next, out var refused)) return refused;
            var audit = context is null ? null : new PreworkAuditRecord(shop, $"procurement:{id}", null, stored.Version + 1, context.Actor,
                $"procurement.{status.ToString().ToLowerInvariant()}", context.Reason, stored.Request.Status.ToString(), next.Status.ToString(), Now, context.CorrelationId);
            if (ReferenceEquals(next, stored.Request) || await TryUpdateAsync(stored, next, null, audit, ct)) return next;
        }
        throw new InvalidOperationException($"Procurement request {id} kept changing under {MaxAttempts} attempts.");
    }

    private async Task<ProcurementRequest?> TryLinkAsync(StoredRequest stored, string jobCardId, ProcurementNeed? held, int quantity, Instant neededBy, CancellationToken ct)
    {
        var next = stored.Request.Link(held, quantity, neededBy, Now).OrThrow();
        return !next.Changed || await TryUpdateAsync(stored, next.Request, (jobCardId, next.Need), null, ct) ? next.Request : null;
    }

    /// <summary>
    /// Writes the next version with an insert of its guard row <c>procv|{id}|{version}</c>, the link row it
    /// changes and the audit row, if any, in one transaction: Azure enforces the If-Match, Azurite the guard insert.
    /// </summary>
    private async Task<bool> TryUpdateAsync(StoredRequest stored, ProcurementRequest next, (string JobCardId, ProcurementNeed? Need)? link,
        PreworkAuditRecord? audit, CancellationToken ct)
    {
        try
        {
            var version = stored.Version + 1;
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.UpdateReplace, ProcurementRows.Write(next, version, stored.LegacyNeeds), stored.ETag),
                new(TableTransactionActionType.Add, ProcurementRows.Guard(next, version)),
            ];
            if (link is { } l) actions.Add(new(TableTransactionActionType.UpsertReplace, ProcurementRows.WriteLink(next, l.JobCardId, l.Need)));
            if (audit is not null) actions.Add(new(TableTransactionActionType.Add, audit.ToEntity(next.ShopId.Value)));
            await Table.SubmitTransactionAsync(actions, ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
        if (next.Status != ProcurementStatus.Open)
        {
            var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(next.ShopId.Value, ProcurementRows.OpenKey(next.Sku), cancellationToken: ct);
            if (pointer.HasValue && pointer.Value is { } p && p.GetString("RequestId") == next.Id)
                await DeleteIfUnchangedAsync(next.ShopId.Value, ProcurementRows.OpenKey(next.Sku), p.ETag, ct);
        }
        return true;
    }

    private async Task DeleteIfUnchangedAsync(string partition, string rowKey, ETag etag, CancellationToken ct)
    {
        try
        {
            await Table.DeleteEntityAsync(partition, rowKey, etag, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // someone else already replaced or removed it
        }
    }

    /// <summary>
    /// The request as a change starts from. Its link rows change only with its version, so a link read
    /// after this row is as of this version or later, and a later one makes the change's guard insert fail.
    /// A row of the old shape counts its links once here, until its first change stores the count.
    /// </summary>
    private async Task<StoredRequest?> ReadAsync(ShopId shop, string id, CancellationToken ct)
    {
        if (await ReadRowAsync(shop, id, ct) is not { } row) return null;
        var legacy = row.GetString(ProcurementRows.LegacyNeeds);
        int? count = null;
        if (!ProcurementRows.HasLinkCount(row))
        {
            var links = new List<TableEntity>();
            await foreach (var link in Table.QueryAsync<TableEntity>(ProcurementRows.LinkFilter(shop.Value, id), cancellationToken: ct)) links.Add(link);
            count = ProcurementRows.Merge(legacy, links).Count;
        }
        return new StoredRequest(ProcurementRows.Read(row, count), row.ETag, row.GetInt32("Version") ?? 0, legacy);
    }

    /// <summary>What the job card holds on the request: its link row, else (a request of the old shape) its entry in the row's JSON.</summary>
    private async Task<ProcurementNeed?> ReadNeedAsync(StoredRequest stored, string jobCardId, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(stored.Request.ShopId.Value, ProcurementRows.LinkKey(stored.Request.Id, jobCardId), cancellationToken: ct);
        if (row.HasValue && row.Value is { } link) return ProcurementRows.ReadLink(link);
        return stored.LegacyNeeds is null ? null : ProcurementRows.ReadLegacy(stored.LegacyNeeds).GetValueOrDefault(jobCardId);
    }

    private async Task<TableEntity?> ReadRowAsync(ShopId shop, string id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(shop.Value, ProcurementRows.Key(id), cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    private Instant Now => Instant.FromDateTimeOffset(clock.GetUtcNow());

    /// <summary>Links and unlinks of one part in this instance take turns: a burst of shortages all writes the part's open request.</summary>
    private static string TurnKey(ShopId shop, Sku sku) => $"{shop.Value}|{sku.Value}";

    private static string NewId(Instant now) =>
        $"pr-{now.InUtc().Date:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
}
