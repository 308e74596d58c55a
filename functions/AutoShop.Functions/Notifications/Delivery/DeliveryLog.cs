using Azure;
using Azure.Data.Tables;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Notifications.Delivery;

/// <summary>How a claim attempt ended.</summary>
public enum ClaimResult
{
    /// <summary>This delivery owns the send now.</summary>
    Claimed,
    /// <summary>Already sent: nothing to do.</summary>
    AlreadyDone,
    /// <summary>Another delivery claimed it moments ago and is sending; it retries itself if it fails.</summary>
    InFlight,
    /// <summary>Given up (refused for good, or tried until the horizon): only a staff retry takes it back.</summary>
    Undelivered,
}

/// <summary>The states of a send claim, as the undelivered list reads them.</summary>
public static class ClaimStates
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    /// <summary>Released after a failed try: the next try (a queued retry or a redelivery) may take it.</summary>
    public const string Released = "failed";
    /// <summary>Given up: on the undelivered list until staff retry it.</summary>
    public const string Undelivered = "undelivered";
    /// <summary>What a permanent refusal was marked before refusals became undelivered; read like <see cref="Undelivered"/>.</summary>
    public const string Refused = "refused";
}

/// <summary>
/// Per appointment (PartitionKey = appointment id): the delivery log (<c>log|{dedupeKey}|{channel}|{outcome}</c>,
/// one row per outcome, rewritten in place by a redelivery) and the send claims
/// (<c>claim|{dedupeKey}|{channel}</c>) that keep one message from going out twice.
/// </summary>
/// <remarks>
/// Claim protocol, at least once: a delivery inserts the claim (<c>sending</c>) before sending and
/// marks it <c>sent</c> after. A failed send releases it (<c>failed</c>) so the later try it queues
/// (or the queue's redelivery) can take it again; a send given up is marked <c>undelivered</c>, which
/// only a staff retry takes back. A crash between claim and send leaves a <c>sending</c> claim whose lease runs
/// out before the queue redelivers the message (5–10 min), so the redelivery takes it over and
/// sends. A crash between send and marking leaves the same state and the message is sent a
/// second time: we accept that rather than lose messages, and make the repeat recognisable
/// downstream (same email Message-Id, same ACS repeatability id, so ACS drops it). A claim write
/// whose reply is lost is retried by the SDK and meets its own claim: the attempt's token on the row
/// tells it so, and it sends (without the token it would take its own claim for another's and
/// nobody would send).
/// </remarks>
public sealed class DeliveryLog(StorageClients storage)
{
    public const string Table = "notificationlog";

    private const string Sending = ClaimStates.Sending;
    private const string Sent = ClaimStates.Sent;
    private const string Released = ClaimStates.Released;
    private const string GivenUp = ClaimStates.Undelivered;
    private const string Refused = ClaimStates.Refused;

    private TableClient Client => storage.Tables.GetTableClient(Table);

    public Task RecordAsync(DeliveryEntry entry, CancellationToken ct) =>
        Client.UpsertEntityAsync(Row(entry, LogKey(entry)), TableUpdateMode.Replace, ct);

    /// <summary>Several entries of one appointment in one transaction (one round trip instead of many).</summary>
    public async Task RecordAsync(IReadOnlyList<DeliveryEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 1) await RecordAsync(entries[0], ct);
        if (entries.Count <= 1) return;
        if (entries.Select(e => e.AppointmentId).Distinct().Count() > 1)
            throw new ArgumentException("A batch of delivery entries must belong to one appointment.", nameof(entries));
        var rows = entries.Select(e => Row(e, LogKey(e))).DistinctBy(r => r.RowKey)
            .Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r));
        foreach (var chunk in rows.Chunk(100)) await Client.SubmitTransactionAsync(chunk, ct);
    }

    private static TableEntity Row(DeliveryEntry entry, string rowKey) => new(entry.AppointmentId, rowKey)
    {
        ["DedupeKey"] = entry.DedupeKey,
        ["Kind"] = entry.Kind,
        ["Label"] = entry.Label,
        ["Version"] = entry.Version,
        ["Channel"] = entry.Channel,
        ["Outcome"] = entry.Outcome,
        ["At"] = entry.At,
        ["Reason"] = entry.Reason,
        ["DueAt"] = entry.DueAt,
        ["Detail"] = entry.Detail,
        ["Attempts"] = entry.Attempts,
    };

    /// <summary>The log rows, plus a "sent" entry for every claim that ended in a send (the claim row is that record).</summary>
    public async Task<IReadOnlyList<DeliveryEntry>> ListAsync(string appointmentId, CancellationToken ct)
    {
        var entries = new List<DeliveryEntry>();
        await foreach (var row in Client.QueryAsync<TableEntity>(e => e.PartitionKey == appointmentId, cancellationToken: ct))
        {
            var isLog = row.RowKey.StartsWith("log|", StringComparison.Ordinal);
            var isSent = row.RowKey.StartsWith("claim|", StringComparison.Ordinal) && row.GetString("State") == Sent;
            if (!isLog && !isSent) continue;
            entries.Add(new DeliveryEntry(row.PartitionKey, row.GetString("DedupeKey"), row.GetString("Kind"), row.GetString("Label"),
                row.GetInt32("Version") ?? 0, row.GetString("Channel"), isSent ? DeliveryOutcome.Sent : row.GetString("Outcome"),
                row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, row.GetString("Reason"), row.GetDateTimeOffset("DueAt"), row.GetString("Detail"),
                row.GetInt32("Attempts") ?? 0));
        }
        return entries;
    }

    /// <summary>How many deliveries have tried this send so far (for the failure record).</summary>
    public async Task<int> AttemptsAsync(string appointmentId, string dedupeKey, string channel, CancellationToken ct)
    {
        var row = await Client.GetEntityIfExistsAsync<TableEntity>(appointmentId, ClaimKey(dedupeKey, channel), cancellationToken: ct);
        return row.HasValue ? row.Value!.GetInt32("Attempts") ?? 0 : 0;
    }

    /// <param name="alsoRecord">
    /// Log entries of the same appointment to write in the claim's own transaction (one round trip, not
    /// two). If the claim already exists, that transaction writes nothing: they are then written on their own.
    /// </param>
    /// <param name="revive">A staff retry: may take a claim that was given up (<see cref="ClaimResult.Undelivered"/>) back.</param>
    public async Task<ClaimResult> ClaimAsync(string appointmentId, string dedupeKey, string channel, DateTimeOffset now, TimeSpan lease, CancellationToken ct,
        IReadOnlyList<DeliveryEntry>? alsoRecord = null, bool revive = false)
    {
        var key = ClaimKey(dedupeKey, channel);
        var along = alsoRecord ?? [];
        if (along.Any(e => e.AppointmentId != appointmentId))
            throw new ArgumentException("Entries recorded with a claim must belong to its appointment.", nameof(alsoRecord));
        var rows = along.Select(e => Row(e, LogKey(e))).DistinctBy(r => r.RowKey).ToList();
        var batched = rows.Count is > 0 and < 100; // a transaction holds at most 100 operations
        if (rows.Count >= 100) await RecordAsync(along, ct);
        // This attempt's own mark on the claim: if the service applied a write but its reply was lost, the
        // SDK's retry meets the claim already there (409/412), and the token says it is ours.
        var token = Guid.NewGuid().ToString("N");
        try
        {
            var claim = Claim(appointmentId, key, now, attempts: 1, token);
            if (batched)
                await Client.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, claim),
                    .. rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))], ct);
            else
                await Client.AddEntityAsync(claim, ct);
            return ClaimResult.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // someone got here first: look at what they left
            if (batched) await RecordAsync(along, ct);
        }

        var existing = (await Client.GetEntityAsync<TableEntity>(appointmentId, key, cancellationToken: ct)).Value;
        if (existing.GetString("ClaimToken") == token) return ClaimResult.Claimed;
        var state = existing.GetString("State");
        if (state == Sent) return ClaimResult.AlreadyDone;
        if ((state is GivenUp or Refused) && !revive) return ClaimResult.Undelivered;
        var claimedAt = existing.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue;
        if (state == Sending && now - claimedAt < lease) return ClaimResult.InFlight;
        try
        {
            // released, or a claim whose holder died: take it over, but only if nobody else just did
            await Client.UpdateEntityAsync(Claim(appointmentId, key, now, (existing.GetInt32("Attempts") ?? 0) + 1, token), existing.ETag, TableUpdateMode.Replace, ct);
            return ClaimResult.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            var current = await Client.GetEntityIfExistsAsync<TableEntity>(appointmentId, key, cancellationToken: ct);
            return current.HasValue && current.Value!.GetString("ClaimToken") == token ? ClaimResult.Claimed : ClaimResult.InFlight;
        }
    }

    /// <summary>Marks the claim sent; the claim row doubles as the log's "sent" record (one write, not two).</summary>
    public Task MarkSentAsync(DeliveryEntry sent, string providerId, CancellationToken ct)
    {
        var row = Row(sent, ClaimKey(sent.DedupeKey, sent.Channel));
        row["State"] = Sent;
        row["ProviderMessageId"] = providerId;
        row.Remove("Attempts"); // keep the count the claims made
        return Client.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, ct);
    }

    /// <summary>Gives the claim back so a retry may send.</summary>
    public Task ReleaseAsync(string appointmentId, string dedupeKey, string channel, CancellationToken ct) =>
        SetStateAsync(appointmentId, dedupeKey, channel, Released, null, ct);

    /// <summary>
    /// Gives the send up: refused for good (bad address, rejected recipient) or tried until the horizon. No
    /// automatic try takes it again; a staff retry may (<c>revive</c>).
    /// </summary>
    public Task GiveUpAsync(string appointmentId, string dedupeKey, string channel, CancellationToken ct) =>
        SetStateAsync(appointmentId, dedupeKey, channel, GivenUp, null, ct);

    /// <summary>The claim's state (<see cref="ClaimStates"/>), or null when nothing claimed this send yet.</summary>
    public async Task<string?> StateAsync(string appointmentId, string dedupeKey, string channel, CancellationToken ct)
    {
        var row = await Client.GetEntityIfExistsAsync<TableEntity>(appointmentId, ClaimKey(dedupeKey, channel), select: ["State"], cancellationToken: ct);
        return row.HasValue ? row.Value!.GetString("State") : null;
    }

    private Task SetStateAsync(string appointmentId, string dedupeKey, string channel, string state, string? providerId, CancellationToken ct) =>
        Client.UpdateEntityAsync(new TableEntity(appointmentId, ClaimKey(dedupeKey, channel)) { ["State"] = state, ["ProviderMessageId"] = providerId },
            ETag.All, TableUpdateMode.Merge, ct);

    private static TableEntity Claim(string appointmentId, string key, DateTimeOffset now, int attempts, string token) => new(appointmentId, key)
    {
        ["State"] = Sending,
        ["ClaimedAt"] = now,
        ["Attempts"] = attempts,
        ["ClaimToken"] = token,
    };

    private static string ClaimKey(string dedupeKey, string channel) => $"claim|{dedupeKey}|{channel}";

    private static string LogKey(DeliveryEntry entry) => $"log|{entry.DedupeKey}|{entry.Channel}|{entry.Outcome}";
}
