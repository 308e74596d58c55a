using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Idempotency;

/// <summary>
/// Keys are claimed with a table insert, which storage arbitrates: of two concurrent first requests,
/// exactly one inserts and the other sees the key in flight.
/// </summary>
public sealed class TableIdempotencyStore(StorageClients storage) : IIdempotencyStore
{
    public const string Table = "idempotency";

    private TableClient Client => storage.Tables.GetTableClient(Table);

    public async Task<bool> TryStartAsync(IdempotencyRecord record, CancellationToken ct)
    {
        try
        {
            await Client.AddEntityAsync(ToEntity(record), ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<IdempotencyRecord?> FindAsync(string scope, string key, CancellationToken ct)
    {
        var found = await Client.GetEntityIfExistsAsync<TableEntity>(PartitionKey(scope), RowKey(key), cancellationToken: ct);
        if (!found.HasValue || found.Value is null) return null;
        var e = found.Value;
        return new IdempotencyRecord(scope, key, e.GetString("RequestHash"), e.GetBoolean("Completed") ?? false,
            e.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue, e.GetInt32("StatusCode") ?? 0,
            e.GetString("ContentType"), e.GetString("Location"), e.GetBinary("Body") ?? []);
    }

    public Task CompleteAsync(IdempotencyRecord record, CancellationToken ct) =>
        Client.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, ct);

    public async Task ReleaseAsync(string scope, string key, CancellationToken ct)
    {
        try
        {
            await Client.DeleteEntityAsync(PartitionKey(scope), RowKey(key), ETag.All, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // already gone
        }
    }

    private static TableEntity ToEntity(IdempotencyRecord r) => new(PartitionKey(r.Scope), RowKey(r.Key))
    {
        ["RequestHash"] = r.RequestHash,
        ["Completed"] = r.Completed,
        ["StartedAt"] = r.StartedAt,
        ["StatusCode"] = r.StatusCode,
        ["ContentType"] = r.ContentType,
        ["Location"] = r.Location,
        ["Body"] = r.Body,
    };

    private static string PartitionKey(string scope) => scope;

    /// <summary>Client keys may hold characters a RowKey cannot, so the row is named by their hash.</summary>
    private static string RowKey(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
