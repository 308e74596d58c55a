using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Events;
using AutoShop.Functions.Storage;
using NodaTime;

namespace AutoShop.Functions.Booking.Storage;

/// <summary>
/// The schedule table. Rows of one shop-day partition: <c>appt|{id}</c>, <c>claim|{key}</c> (one per
/// resource and time bucket — inserting an existing one fails the whole transaction, which is what
/// makes double booking impossible), <c>ver|{id}|{version}</c> (an insert-only guard that makes two
/// concurrent changes of one appointment collide even where <c>If-Match</c> is not enforced inside
/// a batch), <c>audit|…</c>, <c>outbox|…</c> and <c>day|released</c> (rewritten by every transaction
/// that deletes claims, so its ETag tells a reader whether anything was released since it looked).
/// </summary>
public sealed partial class TableScheduleStore(StorageClients storage) : IScheduleStore
{
    private const string AppointmentPrefix = "appt|";
    private const string ClaimPrefix = "claim|";
    private const string ReleaseMark = "day|released";
    private const string AppointmentEnd = "appt}";
    private const string MoveEnd = "move}";

    private TableClient Table => storage.Tables.GetTableClient(TableNames.Schedule);

    public async Task<IReadOnlyList<ExistingBooking>> LoadBookingsAsync(ShopId shop, IEnumerable<LocalDate> dates, CancellationToken ct)
    {
        var days = await Task.WhenAll(dates.Distinct().Select(d => ListDayAsync(shop, d, ct)));
        return [.. days.SelectMany(d => d).Select(a => a.ToBooking()).OfType<ExistingBooking>()];
    }

    public async Task<string> ReadReleaseMarkAsync(ShopId shop, LocalDate date, CancellationToken ct)
    {
        var mark = await Table.GetEntityIfExistsAsync<TableEntity>(AppointmentLocator.Partition(shop, date), ReleaseMark, select: ["RowKey"], cancellationToken: ct);
        return mark.HasValue && mark.Value is not null ? mark.Value.ETag.ToString() : "";
    }

    public async Task<IReadOnlyList<Appointment>> ListDayAsync(ShopId shop, LocalDate date, CancellationToken ct)
    {
        var partition = AppointmentLocator.Partition(shop, date);
        var read = await ReadPartitionsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), withReleaseMarks: false, ct);
        return read.Appointments.TryGetValue(partition, out var day) ? [.. day.Values] : [];
    }

    public async Task<IReadOnlyDictionary<LocalDate, DayRead>> ReadDaysForBookingAsync(ShopId shop, LocalDate first, LocalDate last, CancellationToken ct)
    {
        var dates = new List<LocalDate>();
        for (var d = first; d <= last; d = d.PlusDays(1)) dates.Add(d);
        var (from, to) = (AppointmentLocator.Partition(shop, first), AppointmentLocator.Partition(shop, last));
        // Several days in one query: consecutive shop-days are adjacent partitions (the key ends in the ISO date).
        var scope = first == last
            ? TableClient.CreateQueryFilter($"PartitionKey eq {from}")
            : TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey le {to}");
        var read = await ReadPartitionsAsync(scope, withReleaseMarks: true, ct);
        return dates.ToDictionary(d => d, d =>
        {
            var partition = AppointmentLocator.Partition(shop, d);
            var bookings = read.Appointments.TryGetValue(partition, out var day) ? day.Values.Select(a => a.ToBooking()).OfType<ExistingBooking>().ToList() : [];
            return new DayRead(bookings, read.SinglePage ? read.Marks.GetValueOrDefault(partition, "") : null);
        });
    }

    /// <summary>
    /// The appointments of the partitions the filter selects (plus moves in flight into them, whose claims
    /// are already held there) and, when asked, their release marks in the same query. A partition's rows
    /// in one page are taken as one snapshot of it (as for a single day before ranges were read), so a mark
    /// is as old as its day's appointments. A read that took several pages reports no marks: the caller
    /// treats them as unknown and a refusal on such a day reads the day again instead of trusting the mark.
    /// </summary>
    private async Task<(Dictionary<string, Dictionary<string, Appointment>> Appointments, Dictionary<string, string> Marks, bool SinglePage)> ReadPartitionsAsync(
        string partitions, bool withReleaseMarks, CancellationToken ct)
    {
        var rows = TableClient.CreateQueryFilter(
            $"(RowKey ge {AppointmentPrefix} and RowKey lt {AppointmentEnd}) or (RowKey ge {MovePrefix} and RowKey lt {MoveEnd})");
        if (withReleaseMarks) rows += " or " + TableClient.CreateQueryFilter($"RowKey eq {ReleaseMark}");
        var filter = $"{partitions} and ({rows})";
        var result = new Dictionary<string, Dictionary<string, Appointment>>(StringComparer.Ordinal);
        var marks = new Dictionary<string, string>(StringComparer.Ordinal);
        var pages = 0;
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", AppointmentRows.Document, AppointmentRows.MovedTo], cancellationToken: ct).AsPages())
        {
            pages++;
            foreach (var row in page.Values)
            {
                if (row.RowKey == ReleaseMark) { marks[row.PartitionKey] = row.ETag.ToString(); continue; }
                if (AppointmentRows.IsForwarding(row)) continue; // it lives on another day now
                var appointment = AppointmentRows.Read(row);
                var day = result.TryGetValue(row.PartitionKey, out var found) ? found : result[row.PartitionKey] = [];
                if (row.RowKey.StartsWith(AppointmentPrefix, StringComparison.Ordinal) || !day.ContainsKey(appointment.Id.Value))
                    day[appointment.Id.Value] = appointment;
            }
        }
        return (result, marks, pages <= 1);
    }

    public async Task<StoredAppointment?> FindAsync(AppointmentId id, CancellationToken ct)
    {
        if (AppointmentLocator.Locate(id) is not { } where) return null;
        var partition = AppointmentLocator.Partition(where.Shop, where.Date);
        // Follow the chain of moves to other days (bounded: each hop is one reschedule).
        for (var hop = 0; hop < 64; hop++)
        {
            var row = await Table.GetEntityIfExistsAsync<TableEntity>(partition, AppointmentPrefix + id.Value, cancellationToken: ct);
            if (!row.HasValue || row.Value is null) return null;
            if (!AppointmentRows.IsForwarding(row.Value))
                return new StoredAppointment(AppointmentRows.Read(row.Value), partition, AppointmentRows.Claims(row.Value));
            var target = row.Value.GetString(AppointmentRows.MovedTo);
            if (!await TargetRowExistsAsync(target, id, ct)) await CompleteMoveAsync(target, id, ct);
            partition = target;
        }
        throw new InvalidOperationException($"Appointment {id} forwards more than 64 times.");
    }

    public async Task<SaveOutcome> BookAsync(AppointmentChange booked, Assignment assignment, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct)
    {
        var partition = AppointmentLocator.Partition(assignment.ShopId, assignment.LocalDate);
        var claimKeys = assignment.Claims.Select(c => c.Key).ToList();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, AppointmentRows.Write(partition, booked.Appointment, claimKeys)),
        };
        actions.AddRange(claimKeys.Select(key => new TableTransactionAction(TableTransactionActionType.Add,
            new TableEntity(partition, ClaimPrefix + key) { ["AppointmentId"] = booked.Appointment.Id.Value })));
        actions.Add(new(TableTransactionActionType.Add, AuditRows.Write(partition, booked.Audit, audit)));
        actions.Add(new(TableTransactionActionType.Add, TableOutboxStore.ToEntity(partition, cloudEvent, booked.Audit.At.ToDateTimeOffset())));
        // The id is fresh and random, so only this transaction can have written its appointment row. A
        // conflict on that row means the SDK resent a batch whose first attempt committed but whose
        // response was lost: it is saved, not a lost race (which would book the customer twice).
        var outcome = await SubmitAsync(actions, ct);
        return outcome == SaveOutcome.VersionConflict ? SaveOutcome.Saved : outcome;
    }

    public async Task<SaveOutcome> SaveChangeAsync(StoredAppointment current, AppointmentChange change, AuditContext audit, CloudEvent cloudEvent, CancellationToken ct)
    {
        var appointment = change.Appointment;
        var releases = !appointment.HoldsResources;
        var keepClaims = releases ? [] : current.ClaimKeys;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, AppointmentRows.Write(current.Partition, appointment, keepClaims), ETag.All),
            new(TableTransactionActionType.Add, new TableEntity(current.Partition, $"ver|{appointment.Id.Value}|{appointment.Version:D6}")),
            new(TableTransactionActionType.Add, AuditRows.Write(current.Partition, change.Audit, audit)),
            new(TableTransactionActionType.Add, TableOutboxStore.ToEntity(current.Partition, cloudEvent, change.Audit.At.ToDateTimeOffset())),
        };
        if (releases)
            actions.AddRange(current.ClaimKeys.Select(key =>
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(current.Partition, ClaimPrefix + key), ETag.All)));
        return await SubmitAsync(actions, ct);
    }

    /// <summary>A transaction that deletes claims also rewrites the day's release mark, atomically with them.</summary>
    private static void MarkReleases(List<TableTransactionAction> actions)
    {
        if (actions.Any(a => a.ActionType == TableTransactionActionType.Delete && a.Entity.RowKey.StartsWith(ClaimPrefix, StringComparison.Ordinal)))
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(actions[0].Entity.PartitionKey, ReleaseMark)));
    }

    private async Task<SaveOutcome> SubmitAsync(List<TableTransactionAction> actions, CancellationToken ct)
    {
        // Azure rejects a batch that spans partitions; Azurite does not, so hold the rule here.
        if (actions.Select(a => a.Entity.PartitionKey).Distinct().Count() != 1)
            throw new InvalidOperationException("A schedule transaction must stay within one partition.");
        MarkReleases(actions);
        try
        {
            await Table.SubmitTransactionAsync(actions, ct);
            return SaveOutcome.Saved;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            var failed = ex.FailedTransactionActionIndex is int i && i < actions.Count ? actions[i].Entity.RowKey : "";
            return failed.StartsWith("ver|", StringComparison.Ordinal) || failed.StartsWith(AppointmentPrefix, StringComparison.Ordinal)
                ? SaveOutcome.VersionConflict
                : SaveOutcome.SlotTaken;
        }
    }
}
