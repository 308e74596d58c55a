using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Audit;

/// <summary>
/// Chains every schedule change into its shop's ledger: for each appointment event on the
/// <c>audit-events</c> subscriber queue, reads the audit row the change's transaction wrote and
/// appends it. Redeliveries append nothing (the ledger dedupes on the appointment id and version).
/// Exception requests and their decisions (approved, denied, expired, withdrawn) are chained the same
/// way from their own events and rows, under the request's source keys (<see cref="ExceptionAuditRecords"/>).
/// </summary>
public sealed partial class ChainAppointmentAudit(
    IAuditLog auditLog, IShopStore shops, StorageClients storage, ILogger<ChainAppointmentAudit> logger)
{
    public const string Name = "ChainAppointmentAudit";
    public const string Queue = "audit-events";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(Queue, Connection = StorageOptions.Section)] string message, CancellationToken cancellationToken)
    {
        var cloudEvent = CloudEvent.Parse(message);
        if (cloudEvent.Type is ApprovalEvents.Requested or ApprovalEvents.Decided)
        {
            await ChainExceptionAsync(cloudEvent, cancellationToken);
            return;
        }
        if (!cloudEvent.Type.StartsWith("appointment.", StringComparison.Ordinal))
        {
            LogIgnored(logger, cloudEvent.Type, cloudEvent.Id);
            return;
        }
        var data = AppointmentCloudEvents.Read(cloudEvent);
        var shop = ShopId.Parse(data.Appointment.ShopId);
        var setup = await shops.GetAsync(shop, cancellationToken)
            ?? throw new InvalidOperationException($"Event {cloudEvent.Id} names shop '{shop}', which does not exist.");
        var appointment = AppointmentId.Parse(data.Appointment.Id);
        await ChainEarlierVersionsAsync(setup, appointment, data.Appointment.Version, cancellationToken);

        var row = await ReadRowAsync(appointment, data, cloudEvent.Time, cancellationToken)
            ?? await FindRowAsync(appointment, data.Appointment.Version, cancellationToken);
        var record = row is not null
            ? ScheduleAuditRecords.FromRow(row, setup.Shop.Zone)
            : ScheduleAuditRecords.FromEvent(data, cloudEvent.Time, cloudEvent.CorrelationId, setup.Shop.Zone);
        if (row is null) LogRowNotFound(logger, cloudEvent.Id);

        var result = await auditLog.AppendAsync(record, cancellationToken);
        LogChained(logger, cloudEvent.Id, shop.Value, result.Sequence, result.AlreadyChained);
    }

    /// <summary>
    /// An exception request's record, after the appointment's versions up to the one it is about (so a
    /// decision reads after the move it approved). Its row was written in the same transaction as its event.
    /// </summary>
    private async Task ChainExceptionAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        var data = ApprovalEvents.Read(cloudEvent);
        var request = data.Request.ToDomain();
        var setup = await shops.GetAsync(request.ShopId, ct)
            ?? throw new InvalidOperationException($"Event {cloudEvent.Id} names shop '{request.ShopId}', which does not exist.");
        await ChainEarlierVersionsAsync(setup, request.AppointmentId, data.Appointment.Version + 1, ct);
        var (partition, rowKeys) = ExceptionAuditRecords.RowOf(request, data.Appointment.Version);
        TableEntity? row = null;
        foreach (var rowKey in rowKeys)
        {
            var found = await storage.Tables.GetTableClient(TableNames.Schedule).GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
            if ((row = found.HasValue ? found.Value : null) is not null) break;
        }
        if (row is null) throw new InvalidOperationException($"No audit row {rowKeys[0]} in {partition} for event {cloudEvent.Id}, though its transaction wrote one.");
        var result = await auditLog.AppendAsync(ScheduleAuditRecords.FromRow(row, setup.Shop.Zone, ExceptionAuditRecords.SourceKey(request)), ct);
        LogChained(logger, cloudEvent.Id, request.ShopId.Value, result.Sequence, result.AlreadyChained);
    }

    /// <summary>
    /// Events of one appointment can overtake each other in flight (a cancellation's may be handled
    /// before its booking's). The ledger must still read in change order, so versions not chained yet
    /// are chained first from the audit rows their transactions wrote; their own events then find them
    /// chained and append nothing.
    /// </summary>
    private async Task ChainEarlierVersionsAsync(ShopSetup setup, AppointmentId appointment, int version, CancellationToken ct)
    {
        for (var earlier = 1; earlier < version; earlier++)
        {
            if (await auditLog.IsChainedAsync(setup.Shop.Id.Value, ScheduleAuditRecords.SourceKey(appointment, earlier), ct)) continue;
            if (await FindRowAsync(appointment, earlier, ct) is not { } row) continue; // chained from its own event later
            await auditLog.AppendAsync(ScheduleAuditRecords.FromRow(row, setup.Shop.Zone), ct);
        }
    }

    /// <summary>
    /// The audit row's key is known from the event (its time and change are the row's), so one point
    /// read finds it; a query over the partition is the fallback for rows keyed otherwise.
    /// </summary>
    private async Task<TableEntity?> ReadRowAsync(AppointmentId appointment, AppointmentEventData data, DateTimeOffset at, CancellationToken ct)
    {
        if (AppointmentLocator.Locate(appointment) is not { } where) return null;
        var partition = AppointmentLocator.Partition(where.Shop, where.Date);
        var rowKey = ScheduleAuditRecords.RowKey(appointment, data.Appointment.Version, at, data.Change);
        var row = await storage.Tables.GetTableClient(TableNames.Schedule).GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    private async Task<TableEntity?> FindRowAsync(AppointmentId appointment, int version, CancellationToken ct)
    {
        if (AppointmentLocator.Locate(appointment) is not { } where) return null;
        var partition = AppointmentLocator.Partition(where.Shop, where.Date);
        var filter = ScheduleAuditRecords.Filter(partition, partition, appointment, version);
        await foreach (var row in storage.Tables.GetTableClient(TableNames.Schedule).QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: ct))
            return row;
        return null;
    }

    [LoggerMessage(LogLevel.Debug, "Ignored {EventType} {EventId}: not an appointment change")]
    private static partial void LogIgnored(ILogger logger, string eventType, string eventId);

    [LoggerMessage(LogLevel.Warning, "No schedule audit row for event {EventId} where its appointment id points; chaining what the event says")]
    private static partial void LogRowNotFound(ILogger logger, string eventId);

    [LoggerMessage(LogLevel.Information, "Chained {EventId} into the ledger of shop {ShopId} at {Sequence} (already chained: {AlreadyChained})")]
    private static partial void LogChained(ILogger logger, string eventId, string shopId, long sequence, bool alreadyChained);
}
