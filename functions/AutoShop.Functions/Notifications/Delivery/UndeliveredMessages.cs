using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Notifications.Delivery;

/// <summary>Where an undelivered message stands on the staff list.</summary>
public static class UndeliveredStatus
{
    /// <summary>Given up: waits for staff.</summary>
    public const string Undelivered = "undelivered";
    /// <summary>Staff asked for another try; it is queued or under way.</summary>
    public const string RetryRequested = "retry-requested";
    /// <summary>A later try sent it: off the list, kept so a late retry is told so (409).</summary>
    public const string Delivered = "delivered";
    /// <summary>A later try found it no longer applies (the appointment moved on, the customer opted out): off the list.</summary>
    public const string NoLongerApplies = "no-longer-applies";
}

/// <summary>
/// A message given up on one channel: refused for good, or still failing when the horizon passed.
/// <see cref="RetryBody"/> is the queue message (on <see cref="RetryQueue"/>) that a staff retry sends.
/// </summary>
public sealed record UndeliveredMessage(
    string ShopId,
    string Id,
    string AppointmentId,
    string DedupeKey,
    string Kind,
    string Label,
    int Version,
    string Channel,
    string Recipient,
    string Reason,
    string LastError,
    int Attempts,
    DateTimeOffset FirstFailedAt,
    DateTimeOffset GaveUpAt,
    string RetryQueue,
    string RetryBody,
    string Status = UndeliveredStatus.Undelivered,
    string? RetriedBy = null,
    DateTimeOffset? RetriedAt = null,
    string? RetryReason = null)
{
    /// <summary>A short stable id per (message, channel) for the staff list's URLs (dedupe keys hold characters paths do not).</summary>
    public static string IdFor(string dedupeKey, string channel) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{dedupeKey}|{channel}")))[..32];

    public static bool IsId(string? text) => text is { Length: 32 } && text.All(char.IsAsciiHexDigitLower);
}

/// <summary>
/// The per-shop list of undelivered messages (table <c>undelivered</c>, PartitionKey = shop id): one row
/// <c>msg|{id}</c> per message and channel given up (kept once resolved, with its status), and an
/// <c>audit|{ticks}|{id}</c> row per staff retry, written in the same transaction as the retry's mark. The delivery log's claim stays the authority on
/// whether a message went out; this list is how staff find what did not.
/// </summary>
public sealed class UndeliveredMessages(StorageClients storage)
{
    public const string Table = "undelivered";

    private const string MessagePrefix = "msg|";
    private const string AuditPrefix = "audit|";

    private TableClient Client => storage.Tables.GetTableClient(Table);

    /// <summary>Adds (or refreshes) the message's row; written before the claim is given up, so no given-up claim is missing from the list.</summary>
    public Task RecordAsync(UndeliveredMessage message, CancellationToken ct) =>
        Client.UpsertEntityAsync(Row(message), TableUpdateMode.Replace, ct);

    public async Task<(UndeliveredMessage Message, ETag ETag)?> GetAsync(string shopId, string id, CancellationToken ct)
    {
        var row = await Client.GetEntityIfExistsAsync<TableEntity>(shopId, MessagePrefix + id, cancellationToken: ct);
        return row.HasValue ? (Read(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Up to <paramref name="take"/> rows of a shop in id order, after <paramref name="afterId"/> when given.</summary>
    public async Task<IReadOnlyList<UndeliveredMessage>> PageAsync(string shopId, string? afterId, int take, CancellationToken ct)
    {
        var from = afterId is null ? MessagePrefix : MessagePrefix + afterId;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {shopId} and RowKey gt {from} and RowKey lt {"msg}"} and (Status eq {UndeliveredStatus.Undelivered} or Status eq {UndeliveredStatus.RetryRequested})");
        var page = new List<UndeliveredMessage>(take);
        await foreach (var row in Client.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: ct))
        {
            page.Add(Read(row));
            if (page.Count == take) break;
        }
        return page;
    }

    /// <summary>
    /// Marks the row as retried by staff and writes the audit row, atomically; false when the row changed
    /// since it was read (another retry, or a fresh give-up).
    /// </summary>
    public async Task<bool> MarkRetryRequestedAsync(UndeliveredMessage message, ETag etag, string staffId, string reasonCode, DateTimeOffset at,
        string correlationId, CancellationToken ct)
    {
        var retried = message with { Status = UndeliveredStatus.RetryRequested, RetriedBy = staffId, RetriedAt = at, RetryReason = reasonCode };
        var audit = new TableEntity(message.ShopId, $"{AuditPrefix}{at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{message.Id}")
        {
            ["Action"] = "undelivered.retry-requested",
            ["ActorKind"] = "staff",
            ["ActorId"] = staffId,
            ["ReasonCode"] = reasonCode,
            ["AppointmentId"] = message.AppointmentId,
            ["Subject"] = $"{message.DedupeKey}|{message.Channel}",
            ["Before"] = $"status={message.Status} attempts={message.Attempts} reason={message.Reason}",
            ["After"] = $"status={retried.Status}",
            ["AtUtc"] = at,
            ["CorrelationId"] = correlationId,
        };
        try
        {
            await Client.SubmitTransactionAsync([
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, Row(retried), etag),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, audit)], ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Takes the message off the list (<see cref="UndeliveredStatus.Delivered"/> or <see cref="UndeliveredStatus.NoLongerApplies"/>).
    /// Nothing happens if it was never on it, as most later tries were not.
    /// </summary>
    public async Task ResolveAsync(string shopId, string dedupeKey, string channel, string status, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            await Client.UpdateEntityAsync(new TableEntity(shopId, MessagePrefix + UndeliveredMessage.IdFor(dedupeKey, channel))
            {
                ["Status"] = status,
                ["ResolvedAt"] = at,
            }, ETag.All, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // never listed
        }
    }

    private static TableEntity Row(UndeliveredMessage m) => new(m.ShopId, MessagePrefix + m.Id)
    {
        ["AppointmentId"] = m.AppointmentId,
        ["DedupeKey"] = m.DedupeKey,
        ["Kind"] = m.Kind,
        ["Label"] = m.Label,
        ["Version"] = m.Version,
        ["Channel"] = m.Channel,
        ["Recipient"] = m.Recipient,
        ["Reason"] = m.Reason,
        ["LastError"] = Truncate(m.LastError),
        ["Attempts"] = m.Attempts,
        ["FirstFailedAt"] = m.FirstFailedAt,
        ["GaveUpAt"] = m.GaveUpAt,
        ["RetryQueue"] = m.RetryQueue,
        ["RetryBody"] = m.RetryBody,
        ["Status"] = m.Status,
        ["RetriedBy"] = m.RetriedBy,
        ["RetriedAt"] = m.RetriedAt,
        ["RetryReason"] = m.RetryReason,
    };

    private static UndeliveredMessage Read(TableEntity row) => new(
        row.PartitionKey, row.RowKey[MessagePrefix.Length..], row.GetString("AppointmentId"), row.GetString("DedupeKey"), row.GetString("Kind"),
        row.GetString("Label"), row.GetInt32("Version") ?? 0, row.GetString("Channel"), row.GetString("Recipient") ?? "", row.GetString("Reason") ?? "",
        row.GetString("LastError") ?? "", row.GetInt32("Attempts") ?? 0, row.GetDateTimeOffset("FirstFailedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("GaveUpAt") ?? DateTimeOffset.MinValue, row.GetString("RetryQueue"), row.GetString("RetryBody"),
        row.GetString("Status") ?? UndeliveredStatus.Undelivered, row.GetString("RetriedBy"), row.GetDateTimeOffset("RetriedAt"), row.GetString("RetryReason"));

    /// <summary>Provider errors can be long (a whole SMTP transcript); a table property holds 32K characters.</summary>
    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000] + "…";
}
