using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.JobCards;
using NodaTime;

namespace AutoShop.Functions.Inventory;

/// <summary>
/// Procurement requests in the inventory table: <c>proc|{id}</c> rows, and per part a pointer
/// <c>procopen|{sku}</c> to the one request still collecting shortages. The pointer is created by an
/// insert (so two first shortages cannot open two requests) and every request update is a single
/// entity write with <c>If-Match</c>, which Azure and Azurite both enforce outside a batch.
/// </summary>
public sealed class TableProcurementStore(Storage.StorageClients storage, TimeProvider clock)
{
    private const string Prefix = "proc|";
    private const int MaxAttempts = 10;

    private readonly Storage.RowTurns _turns = new();

    private TableClient Table => storage.Tables.GetTableClient(TableInventoryStore.TableName);

    public async Task<ProcurementRequest?> GetAsync(ShopId shop, string id, CancellationToken ct) =>
        (await ReadAsync(shop, id, ct))?.Request;

    public async Task<IReadOnlyList<ProcurementRequest>> ListAsync(ShopId shop, ProcurementStatus? status, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shop.Value} and RowKey ge {Prefix} and RowKey lt {"proc}"}");
        var result = new List<ProcurementRequest>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var request = Read(row);
            if (status is null || request.Status == status) result.Add(request);
        }
        return [.. result.OrderBy(r => r.NeededBy ?? Instant.MaxValue).ThenBy(r => r.CreatedAt)];
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
            if (knownRequestId is not null && await ReadAsync(shop, knownRequestId, ct) is { } known && known.Request.Links(jobCardId)
                && known.Request.Status is ProcurementStatus.Open or ProcurementStatus.Ordered)
            {
                if (known.Request.Status == ProcurementStatus.Ordered) return known.Request;
                if (await TryLinkAsync(shop, known, jobCardId, quantity, neededBy, ct) is { } linked) return linked;
                continue;
            }
            var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(shop.Value, OpenKey(sku), cancellationToken: ct);
            if (pointer.HasValue && pointer.Value is { } p)
            {
                var open = await ReadAsync(shop, p.GetString("RequestId"), ct);
                if (open is { Request.Status: ProcurementStatus.Open })
                {
                    if (await TryLinkAsync(shop, open, jobCardId, quantity, neededBy, ct) is { } linked) return linked;
                    continue;
                }
                await DeleteIfUnchangedAsync(shop.Value, OpenKey(sku), p.ETag, ct); // stale: its request moved on
                continue;
            }
            var now = Now;
            var created = ProcurementRequest.Open(NewId(now), shop, sku, now).Link(jobCardId, quantity, neededBy, now).OrThrow();
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(shop.Value, OpenKey(sku)) { ["RequestId"] = created.Id }),
                    new(TableTransactionActionType.Add, Write(created, 1)),
                    new(TableTransactionActionType.Add, Guard(created, 1)),
                ], ct);
                return created;
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
            if (await ReadAsync(shop, requestId, ct) is not { } stored || stored.Request.Status != ProcurementStatus.Open || !stored.Request.Links(jobCardId)) return;
            var next = stored.Request.Link(jobCardId, 0, Instant.MinValue, Now).OrThrow();
            if (next.Quantity == 0) next = next.MoveTo(ProcurementStatus.Cancelled, Now).OrThrow();
            if (await TryUpdateAsync(stored, next, ct)) return;
        }
        throw new InvalidOperationException($"Procurement request {requestId} kept changing under {MaxAttempts} attempts.");
    }

    /// <summary>Takes a job card off the part's open request, if it is on it (used when the card no longer knows its request).</summary>
    public async Task UnlinkOpenAsync(ShopId shop, Sku sku, string jobCardId, CancellationToken ct)
    {
        var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(shop.Value, OpenKey(sku), cancellationToken: ct);
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
            if (ReferenceEquals(next, stored.Request) || await TryUpdateAsync(stored, next, ct, audit)) return next;
        }
        throw new InvalidOperationException($"Procurement request {id} kept changing under {MaxAttempts} attempts.");
    }

    private async Task<ProcurementRequest?> TryLinkAsync(ShopId shop, StoredRequest stored, string jobCardId, int quantity, Instant neededBy, CancellationToken ct)
    {
        var next = stored.Request.Link(jobCardId, quantity, neededBy, Now).OrThrow();
        return ReferenceEquals(next, stored.Request) || await TryUpdateAsync(stored, next, ct) ? next : null;
    }

    /// <summary>
    /// Writes the next version with an insert of its guard row <c>procv|{id}|{version}</c> (and the audit
    /// row, if any) in one transaction: Azure enforces the If-Match, Azurite the guard insert.
    /// </summary>
    private async Task<bool> TryUpdateAsync(StoredRequest stored, ProcurementRequest next, CancellationToken ct, PreworkAuditRecord? audit = null)
    {
        try
        {
            var version = stored.Version + 1;
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.UpdateReplace, Write(next, version), stored.ETag),
                new(TableTransactionActionType.Add, Guard(next, version)),
            ];
            if (audit is not null) actions.Add(new(TableTransactionActionType.Add, audit.ToEntity(next.ShopId.Value)));
            await Table.SubmitTransactionAsync(actions, ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
        if (next.Status != ProcurementStatus.Open)
        {
            var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(next.ShopId.Value, OpenKey(next.Sku), cancellationToken: ct);
            if (pointer.HasValue && pointer.Value is { } p && p.GetString("RequestId") == next.Id)
                await DeleteIfUnchangedAsync(next.ShopId.Value, OpenKey(next.Sku), p.ETag, ct);
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

    private sealed record StoredRequest(ProcurementRequest Request, ETag ETag, int Version);

    private async Task<StoredRequest?> ReadAsync(ShopId shop, string id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(shop.Value, Prefix + id, cancellationToken: ct);
        return row.HasValue && row.Value is { } r ? new StoredRequest(Read(r), r.ETag, r.GetInt32("Version") ?? 0) : null;
    }

    private Instant Now => Instant.FromDateTimeOffset(clock.GetUtcNow());

    /// <summary>Links and unlinks of one part in this instance take turns: a burst of shortages all writes the part's open request.</summary>
    private static string TurnKey(ShopId shop, Sku sku) => $"{shop.Value}|{sku.Value}";

    private static string OpenKey(Sku sku) => $"procopen|{sku.Value}";

    private static string NewId(Instant now) =>
        $"pr-{now.InUtc().Date:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";

    private static TableEntity Guard(ProcurementRequest r, int version) => new(r.ShopId.Value, $"procv|{r.Id}|{version:D6}");

    private static TableEntity Write(ProcurementRequest r, int version) => new(r.ShopId.Value, Prefix + r.Id)
    {
        ["Version"] = version,
        ["Sku"] = r.Sku.Value,
        ["Status"] = r.Status.ToString(),
        ["Quantity"] = r.Quantity,
        ["NeededBy"] = r.NeededBy?.ToDateTimeOffset(),
        ["Needs"] = JsonSerializer.Serialize(r.Needs.ToDictionary(n => n.Key, n => new NeedRow(n.Value.Quantity, n.Value.NeededBy.ToDateTimeOffset())), InventoryJsonContext.Default.DictionaryStringNeedRow),
        ["CreatedAt"] = r.CreatedAt.ToDateTimeOffset(),
        ["UpdatedAt"] = r.UpdatedAt.ToDateTimeOffset(),
    };

    private static ProcurementRequest Read(TableEntity row)
    {
        var needs = JsonSerializer.Deserialize(row.GetString("Needs") ?? "{}", InventoryJsonContext.Default.DictionaryStringNeedRow) ?? [];
        return ProcurementRequest.Restore(row.RowKey[Prefix.Length..], ShopId.Parse(row.PartitionKey), Sku.Parse(row.GetString("Sku")),
            needs.Select(n => KeyValuePair.Create(n.Key, new ProcurementNeed(n.Value.Quantity, Instant.FromDateTimeOffset(n.Value.NeededBy)))),
            Enum.Parse<ProcurementStatus>(row.GetString("Status")),
            Instant.FromDateTimeOffset(row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue),
            Instant.FromDateTimeOffset(row.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue));
    }
}

internal sealed record NeedRow(int Quantity, DateTimeOffset NeededBy);
