using Azure;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Events;

namespace AutoShop.Functions.Booking.Storage;

/// <summary>
/// Rescheduling. A move inside one small transaction is atomic. Otherwise (another day = another
/// partition, or too many rows for one batch) it is a recoverable two-step:
/// (a) in the target partition insert the claims the new slot needs plus a <c>move|{id}</c> marker
/// holding the new state — the new slot is claimed before the old is released;
/// (b) in the source partition release the old claims and turn the appointment row into the new
/// state (same day) or a forwarding pointer (other day) with the audit record and event — the
/// commit point; (c) on another day, write the appointment row there and drop the marker.
/// <see cref="ResolveStaleMovesAsync"/> finishes a move whose (b) happened and rolls back one whose
/// (b) did not, so a crash never leaves both slots held or neither.
/// </summary>
public sealed partial class TableScheduleStore
{
    private const string MovePrefix = "move|";
    private const int MaxBatch = 100;

    public async Task<SaveOutcome> RescheduleAsync(StoredAppointment current, AppointmentChange change, Assignment assignment,
        AuditContext audit, CloudEvent cloudEvent, CancellationToken ct)
    {
        var moved = change.Appointment;
        var target = AppointmentLocator.Partition(assignment.ShopId, assignment.LocalDate);
        var newKeys = assignment.Claims.Select(c => c.Key).ToList();
        var sameDay = target == current.Partition;
        var toAdd = sameDay ? newKeys.Except(current.ClaimKeys).ToList() : newKeys;
        var toRelease = sameDay ? current.ClaimKeys.Except(newKeys).ToList() : [.. current.ClaimKeys];
        var at = change.Audit.At.ToDateTimeOffset();

        var commit = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, sameDay
                ? AppointmentRows.Write(current.Partition, moved, newKeys)
                : AppointmentRows.Forwarding(current.Partition, moved, target), ETag.All),
            new(TableTransactionActionType.Add, new TableEntity(current.Partition, $"ver|{moved.Id.Value}|{moved.Version:D6}")),
            new(TableTransactionActionType.Add, AuditRows.Write(current.Partition, change.Audit, audit)),
            new(TableTransactionActionType.Add, TableOutboxStore.ToEntity(current.Partition, cloudEvent, at)),
        };
        commit.AddRange(toRelease.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(current.Partition, ClaimPrefix + k), ETag.All)));

        if (sameDay && commit.Count + toAdd.Count + (toRelease.Count > 0 ? 1 : 0) <= MaxBatch)
        {
            commit.AddRange(toAdd.Select(k => Claim(target, k, moved.Id)));
            return await SubmitAsync(commit, ct);
        }

        // (a) claim the new slot first
        var marker = AppointmentRows.Write(target, moved, newKeys);
        marker.RowKey = MovePrefix + moved.Id.Value;
        marker["FromPartition"] = current.Partition;
        marker["AddedClaims"] = string.Join(',', toAdd);
        marker["MoveStartedAt"] = at;
        var claimed = await SubmitAsync([new(TableTransactionActionType.Add, marker), .. toAdd.Select(k => Claim(target, k, moved.Id))], ct);
        if (claimed != SaveOutcome.Saved) return claimed;

        // (b) commit: release the old slot; a same-day move drops its marker here too
        if (sameDay) commit.Add(new(TableTransactionActionType.Delete, new TableEntity(target, MovePrefix + moved.Id.Value), ETag.All));
        var committed = await SubmitAsync(commit, ct);
        if (committed != SaveOutcome.Saved)
        {
            await RollBackMoveAsync(target, moved.Id, toAdd, ct);
            return committed;
        }
        if (!sameDay) await CompleteMoveAsync(target, moved.Id, ct);
        return SaveOutcome.Saved;
    }

    /// <summary>Finishes or rolls back moves left half-done by a crash, older than <paramref name="olderThan"/>.</summary>
    public async Task<int> ResolveStaleMovesAsync(IEnumerable<string> shopIds, DateTimeOffset olderThan, CancellationToken ct)
    {
        var resolved = 0;
        foreach (var shop in shopIds)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {shop + "|"} and PartitionKey lt {shop + "}"} and RowKey ge {MovePrefix} and RowKey lt {"move}"}");
            await foreach (var marker in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                if (marker.GetDateTimeOffset("MoveStartedAt") is { } started && started > olderThan) continue;
                var id = AppointmentId.Parse(marker.RowKey[MovePrefix.Length..]);
                var source = await Table.GetEntityIfExistsAsync<TableEntity>(marker.GetString("FromPartition"), AppointmentPrefix + id.Value, cancellationToken: ct);
                var committed = source.HasValue && source.Value is not null && (source.Value.GetInt32("Version") ?? 0) >= (marker.GetInt32("Version") ?? int.MaxValue);
                if (committed) await CompleteMoveAsync(marker.PartitionKey, id, ct);
                else await RollBackMoveAsync(marker.PartitionKey, id, AddedClaims(marker), ct);
                resolved++;
            }
        }
        return resolved;
    }

    private async Task<bool> TargetRowExistsAsync(string partition, AppointmentId id, CancellationToken ct) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(partition, AppointmentPrefix + id.Value, select: ["RowKey"], cancellationToken: ct)).HasValue;

    /// <summary>Step (c): the marker becomes the appointment row. Idempotent.</summary>
    private async Task CompleteMoveAsync(string partition, AppointmentId id, CancellationToken ct)
    {
        var marker = await Table.GetEntityIfExistsAsync<TableEntity>(partition, MovePrefix + id.Value, cancellationToken: ct);
        if (!marker.HasValue || marker.Value is null) return;
        var row = new TableEntity(partition, AppointmentPrefix + id.Value);
        foreach (var (key, value) in marker.Value)
            if (key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" or "FromPartition" or "AddedClaims" or "MoveStartedAt")) row[key] = value;
        await SubmitAsync(
        [
            new(TableTransactionActionType.UpsertReplace, row),
            new(TableTransactionActionType.Delete, new TableEntity(partition, MovePrefix + id.Value), ETag.All),
        ], ct);
    }

    private async Task RollBackMoveAsync(string partition, AppointmentId id, IEnumerable<string> addedClaims, CancellationToken ct)
    {
        foreach (var chunk in addedClaims.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, ClaimPrefix + k), ETag.All))
                     .Prepend(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, MovePrefix + id.Value), ETag.All))
                     .Chunk(MaxBatch - 1))
        {
            var actions = chunk.ToList();
            MarkReleases(actions);
            try
            {
                await Table.SubmitTransactionAsync(actions, ct);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // already rolled back by someone else
            }
        }
    }

    private static IEnumerable<string> AddedClaims(TableEntity marker) =>
        marker.GetString("AddedClaims") is { Length: > 0 } keys ? keys.Split(',') : [];

    private static TableTransactionAction Claim(string partition, string key, AppointmentId id) =>
        new(TableTransactionActionType.Add, new TableEntity(partition, ClaimPrefix + key) { ["AppointmentId"] = id.Value });
}
