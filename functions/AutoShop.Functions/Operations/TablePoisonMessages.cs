using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Operations;

/// <summary>A poisoned message as the index keeps it: the queue it failed on, when it was poisoned, its body exactly as stored.</summary>
public sealed record PoisonedMessage(string Queue, string Id, string PoisonMessageId, DateTimeOffset? PoisonedAt, DateTimeOffset CollectedAt, string Body);

/// <summary>One page of the index and the token for the next (null on the last page).</summary>
public sealed record PoisonPage(IReadOnlyList<PoisonedMessage> Messages, string? Continuation);

/// <summary>
/// The poison index, table <c>poisonmessages</c>: PartitionKey = the queue the message failed on, RowKey
/// (the message's id in the API) = <c>{poisoned-at ticks:D19}-{poison queue message id}</c>, so a queue's
/// messages list oldest first and the same poison queue message always gets the same key: indexing it
/// twice is a conflict, never a second row. Bodies are kept as UTF-8 in binary chunks (a string
/// property holds 32K characters; a queue body may hold 64 KiB).
/// </summary>
public sealed partial class TablePoisonMessages(StorageClients storage)
{
    public const string Table = "poisonmessages";
    private const int ChunkBytes = 60 * 1024;

    private TableClient Client => storage.Tables.GetTableClient(Table);

    public static string IdOf(QueueMessage message) =>
        (message.InsertedOn ?? DateTimeOffset.MinValue).UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + message.MessageId;

    /// <summary>Whether <paramref name="id"/> has the shape of an id this index hands out (anything else is simply not found).</summary>
    public static bool IsWellFormedId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Indexes a message received from <paramref name="queue"/>'s poison queue; false when it was indexed before.</summary>
    public async Task<bool> AddAsync(string queue, QueueMessage message, DateTimeOffset collectedAt, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(message.Body.ToString());
        var row = new TableEntity(queue, IdOf(message))
        {
            ["PoisonMessageId"] = message.MessageId,
            ["PoisonedAt"] = message.InsertedOn,
            ["CollectedAt"] = collectedAt,
            ["BodyChunks"] = (bytes.Length + ChunkBytes - 1) / ChunkBytes,
        };
        for (var i = 0; i * ChunkBytes < bytes.Length; i++)
            row["Body" + i.ToString(CultureInfo.InvariantCulture)] = bytes.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - i * ChunkBytes)).ToArray();
        try
        {
            await Client.AddEntityAsync(row, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false; // a run that crashed before deleting it from the queue indexed it already
        }
    }

    public async Task<PoisonPage> PageAsync(string? queue, string? continuation, int pageSize, CancellationToken ct)
    {
        var filter = queue is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {queue}");
        await foreach (var page in Client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: ct).AsPages(continuation, pageSize))
            return new PoisonPage([.. page.Values.Select(Read)], page.ContinuationToken);
        return new PoisonPage([], null);
    }

    public async Task<PoisonedMessage?> FindAsync(string queue, string id, CancellationToken ct)
    {
        if (!IsWellFormedId(id)) return null;
        var row = await Client.GetEntityIfExistsAsync<TableEntity>(queue, id, cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Read(row.Value) : null;
    }

    public async IAsyncEnumerable<PoisonedMessage> AllAsync(string queue, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in Client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {queue}"), cancellationToken: ct))
            yield return Read(row);
    }

    /// <summary>Removes a replayed message; one already removed (a concurrent replay) is fine.</summary>
    public async Task RemoveAsync(PoisonedMessage message, CancellationToken ct)
    {
        try
        {
            await Client.DeleteEntityAsync(message.Queue, message.Id, ETag.All, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Removed by a replay that ran at the same time.
        }
    }

    private static PoisonedMessage Read(TableEntity row)
    {
        var chunks = row.GetInt32("BodyChunks") ?? 0;
        var bytes = new List<byte>();
        for (var i = 0; i < chunks; i++) bytes.AddRange(row.GetBinary("Body" + i.ToString(CultureInfo.InvariantCulture)) ?? []);
        return new PoisonedMessage(row.PartitionKey, row.RowKey, row.GetString("PoisonMessageId") ?? "", row.GetDateTimeOffset("PoisonedAt"),
            row.GetDateTimeOffset("CollectedAt") ?? DateTimeOffset.MinValue, Encoding.UTF8.GetString([.. bytes]));
    }

    [GeneratedRegex("^[0-9]{19}-[A-Za-z0-9-]{1,100}$")]
    private static partial Regex IdPattern();
}
