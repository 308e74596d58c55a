using Azure;
using Azure.Data.Tables;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.JobCards;
using NodaTime;

namespace AutoShop.Functions.Inventory;

/// <summary>What a job card holds of one part after a reservation, and the stock it came from.</summary>
public sealed record ReservationResult(PartReservation Reservation, StockLevel Stock);

/// <summary>
/// Stock per (shop, part) with optimistic concurrency. Every change of a part's stock row commits in
/// one transaction with an insert of the guard row <c>stockv|{sku}|{version+1}</c> and whatever else
/// the change touches (reservation row, shortage index row, audit row). The stock row carries
/// <c>If-Match</c>, which Azure enforces inside a batch; Azurite does not, but it does refuse the second
/// insert of the same guard, so two writers that read the same version can never both commit — on
/// either. The loser re-reads and decides again, a bounded number of times.
/// </summary>
public sealed partial class TableInventoryStore(Storage.StorageClients storage, ILogger<TableInventoryStore> logger)
{
    public const string TableName = "inventory";
    private const int MaxAttempts = 10;

    private readonly Storage.RowTurns _turns = new();

    private TableClient Table => storage.Tables.GetTableClient(TableName);

    public async Task<IReadOnlyList<StockLevel>> ListAsync(ShopId shop, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shop.Value} and RowKey ge {InventoryRows.StockPrefix} and RowKey lt {"stock}"}");
        var result = new List<StockLevel>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) result.Add(InventoryRows.ReadStock(row).Level);
        return result;
    }

    public async Task<IReadOnlyDictionary<Sku, StockLevel>> GetManyAsync(ShopId shop, IEnumerable<Sku> skus, CancellationToken ct)
    {
        var rows = await Task.WhenAll(skus.Distinct().Select(sku => ReadAsync(shop, sku, ct)));
        return rows.ToDictionary(r => r.Level.Sku, r => r.Level);
    }

    /// <summary>Creates the stock row if the part has none; existing stock is never overwritten by a seed.</summary>
    public async Task<bool> SeedAsync(ShopId shop, StockLevel level, CancellationToken ct)
    {
        try
        {
            await Table.AddEntityAsync(InventoryRows.WriteStock(shop.Value, level, 0), ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>A counted change to the shelf (adjustment, delivery), stored with its audit record.</summary>
    public async Task<Result<StockLevel, ValidationError>> ChangeAsync(ShopId shop, Sku sku, Func<StockLevel, Result<StockLevel, ValidationError>> change,
        string action, ChangeContext context, Instant at, CancellationToken ct)
    {
        using var turn = await _turns.TakeAsync(TurnKey(shop, sku), ct);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await ReadAsync(shop, sku, ct);
            if (!change(current.Level).TryGetValue(out var next, out var refused)) return refused;
            var audit = new PreworkAuditRecord(shop, $"stock:{sku.Value}", null, current.Version + 1, context.Actor, action, context.Reason,
                InventoryRows.Describe(current.Level), InventoryRows.Describe(next), at, context.CorrelationId);
            if (await TryCommitAsync(shop, current, next, [new(TableTransactionActionType.Add, audit.ToEntity(shop.Value))], ct)) return next;
            LogContention(logger, sku.Value, shop.Value, attempt);
        }
        throw new InvalidOperationException($"Stock of {sku} at {shop} kept changing under {MaxAttempts} attempts.");
    }

    /// <summary>
    /// Sets how many units of <paramref name="sku"/> a job card needs and reserves them if it can
    /// (all or nothing); idempotent per (job card, part). Keeps the shortage index row that receipts
    /// read, ordered by appointment start.
    /// </summary>
    public async Task<ReservationResult> ReserveAsync(ShopId shop, string jobCardId, Sku sku, int needed, Instant start, CancellationToken ct)
    {
        using var turn = await _turns.TakeAsync(TurnKey(shop, sku), ct);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stock = await ReadAsync(shop, sku, ct);
            var row = await Table.GetEntityIfExistsAsync<TableEntity>(shop.Value, InventoryRows.Reservation(jobCardId, sku), cancellationToken: ct);
            var held = row.HasValue && row.Value is { } r ? new PartReservation(sku, r.GetInt32("Needed") ?? 0, r.GetInt32("Reserved") ?? 0) : PartReservation.None(sku);
            var oldShortKey = row.HasValue ? row.Value?.GetString("ShortKey") : null;
            var decision = Reservations.Decide(stock.Level, held, needed);
            var shortKey = decision.Reservation.Shortfall > 0 ? InventoryRows.Short(sku, start, jobCardId) : null;
            if (!decision.Changed && shortKey == oldShortKey) return new ReservationResult(decision.Reservation, decision.Stock);

            var actions = new List<TableTransactionAction>();
            var reservationKey = InventoryRows.Reservation(jobCardId, sku);
            actions.Add(decision.Reservation.Needed == 0 && decision.Reservation.Reserved == 0
                ? new(TableTransactionActionType.Delete, new TableEntity(shop.Value, reservationKey), ETag.All)
                : new(TableTransactionActionType.UpsertReplace, new TableEntity(shop.Value, reservationKey)
                {
                    ["JobCardId"] = jobCardId, ["Sku"] = sku.Value, ["Needed"] = decision.Reservation.Needed,
                    ["Reserved"] = decision.Reservation.Reserved, ["ShortKey"] = shortKey,
                }));
            if (oldShortKey is not null && oldShortKey != shortKey)
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(shop.Value, oldShortKey), ETag.All));
            if (shortKey is not null && shortKey != oldShortKey)
                actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(shop.Value, shortKey) { ["JobCardId"] = jobCardId, ["Shortfall"] = decision.Reservation.Shortfall }));
            if (await TryCommitAsync(shop, stock, decision.Stock, actions, ct)) return new ReservationResult(decision.Reservation, decision.Stock);
            LogContention(logger, sku.Value, shop.Value, attempt);
        }
        throw new InvalidOperationException($"Stock of {sku} at {shop} kept changing under {MaxAttempts} attempts.");
    }

    /// <summary>Parts a job card holds a reservation row for (including ones it no longer needs).</summary>
    public async Task<IReadOnlyList<Sku>> ReservedSkusAsync(ShopId shop, string jobCardId, CancellationToken ct)
    {
        var prefix = $"{InventoryRows.ReservationPrefix}{jobCardId}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shop.Value} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var result = new List<Sku>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["Sku"], cancellationToken: ct)) result.Add(Sku.Parse(row.GetString("Sku")));
        return result;
    }

    /// <summary>Job cards short of a part, earliest appointment first.</summary>
    public async Task<IReadOnlyList<string>> ShortJobCardsAsync(ShopId shop, Sku sku, CancellationToken ct)
    {
        var prefix = $"{InventoryRows.ShortPrefix}{sku.Value}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shop.Value} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var result = new List<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["JobCardId"], cancellationToken: ct)) result.Add(row.GetString("JobCardId"));
        return result;
    }

    /// <summary>Changes of one part's stock row in this instance take turns (every change writes that row).</summary>
    private static string TurnKey(ShopId shop, Sku sku) => $"{shop.Value}|{sku.Value}";

    private async Task<StockRow> ReadAsync(ShopId shop, Sku sku, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(shop.Value, InventoryRows.Stock(sku), cancellationToken: ct);
        return row.HasValue && row.Value is { } r ? InventoryRows.ReadStock(r) : new StockRow(StockLevel.Unstocked(sku), 0, null);
    }

    /// <summary>Writes the next stock version with the other rows of the change; false when another writer got there first.</summary>
    private async Task<bool> TryCommitAsync(ShopId shop, StockRow current, StockLevel next, List<TableTransactionAction> others, CancellationToken ct)
    {
        var version = current.Version + 1;
        var stockRow = InventoryRows.WriteStock(shop.Value, next, version);
        var actions = new List<TableTransactionAction>
        {
            current.ETag is { } etag
                ? new(TableTransactionActionType.UpdateReplace, stockRow, etag)
                : new(TableTransactionActionType.Add, stockRow),
            new(TableTransactionActionType.Add, new TableEntity(shop.Value, InventoryRows.Guard(next.Sku, version))),
        };
        actions.AddRange(others);
        if (actions.Any(a => a.Entity.PartitionKey != shop.Value))
            throw new InvalidOperationException("An inventory transaction must stay within the shop's partition.");
        try
        {
            await Table.SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Debug, "Stock of {Sku} at {ShopId} changed concurrently (attempt {Attempt}); deciding again")]
    private static partial void LogContention(ILogger logger, string sku, string shopId, int attempt);
}
