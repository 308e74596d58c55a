using Azure;
using Azure.Data.Tables;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// Approval requests live in the schedule table beside their appointment (<c>approval|{id}</c>), so a
/// request or decision commits in one transaction with its audit record and outbox event. The first
/// decision wins through an insert-only guard row (<c>decision|{id}</c>): a second decider's insert fails.
/// Each request of an appointment in a partition also inserts its number there
/// (<c>approvalseq|{appointmentId}|{n}</c>): two customers' clicks that both found no pending request
/// both claim the same number, so only one request is created.
/// </summary>
public sealed class ApprovalStore(StorageClients storage)
{
    private const string Prefix = "approval|";

    private TableClient Table => storage.Tables.GetTableClient(TableNames.Schedule);

    public static string PartitionOf(string requestId) =>
        AppointmentLocator.Locate(AppointmentId.Parse(requestId)) is { } where
            ? AppointmentLocator.Partition(where.Shop, where.Date)
            : throw new FormatException($"'{requestId}' is not an approval request id.");

    /// <summary>
    /// Stores a new request as the appointment's request number <paramref name="sequence"/> in its partition;
    /// false when another request took that number first.
    /// </summary>
    public async Task<bool> CreateAsync(ApprovalRequest request, int sequence, AuditEntry audit, string correlationId, CloudEvent cloudEvent, CancellationToken ct)
    {
        var partition = PartitionOf(request.Id);
        try
        {
            await Table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(partition, $"approvalseq|{request.AppointmentId.Value}|{sequence:D4}") { ["RequestId"] = request.Id }),
                new(TableTransactionActionType.Add, Row(partition, request)),
                new(TableTransactionActionType.Add, AuditRows.Write(partition, audit, new AuditContext(correlationId), request.Id)),
                new(TableTransactionActionType.Add, TableOutboxStore.ToEntity(partition, cloudEvent, audit.At.ToDateTimeOffset())),
            ], ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    public async Task<ApprovalRequest?> FindAsync(string requestId, CancellationToken ct)
    {
        if (!AppointmentId.TryParse(requestId).IsSuccess || AppointmentLocator.Locate(AppointmentId.Parse(requestId)) is null) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(requestId), Prefix + requestId, cancellationToken: ct);
        return row.HasValue && row.Value is not null ? ApprovalDto.Parse(row.Value.GetString("Document")).ToDomain() : null;
    }

    /// <summary>
    /// Takes the right to decide: an insert-only guard row. False when someone else took it first —
    /// the first decision wins across any number of instances. A claim made for a
    /// <paramref name="purpose"/> (an expiry, a withdrawal) is this caller's again when it is retried
    /// after failing between the claim and the decision, so a retried message finishes the decision.
    /// </summary>
    public async Task<bool> ClaimDecisionAsync(string requestId, Actor by, CancellationToken ct, string? purpose = null)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity(PartitionOf(requestId), "decision|" + requestId) { ["By"] = by.ToString(), ["Purpose"] = purpose }, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            if (purpose is null) return false;
            var claim = await Table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(requestId), "decision|" + requestId, cancellationToken: ct);
            return claim.HasValue && claim.Value?.GetString("Purpose") == purpose;
        }
    }

    /// <summary>Gives the claim back when an approval could not be carried out (the slot was gone).</summary>
    public async Task ReleaseDecisionAsync(string requestId, CancellationToken ct)
    {
        try
        {
            await Table.DeleteEntityAsync(PartitionOf(requestId), "decision|" + requestId, ETag.All, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // nothing to give back
        }
    }

    /// <summary>
    /// Stores the decided request with its audit record and event, in one transaction. False when the
    /// decision's event is stored already: a caller sharing the claim (a retried expiry or withdrawal) finished first.
    /// </summary>
    public async Task<bool> FinalizeDecisionAsync(ApprovalRequest decided, AuditEntry audit, string correlationId, CloudEvent cloudEvent, CancellationToken ct)
    {
        var partition = PartitionOf(decided.Id);
        try
        {
            await Table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateReplace, Row(partition, decided), ETag.All),
                new(TableTransactionActionType.Add, AuditRows.Write(partition, audit, new AuditContext(correlationId), decided.Id)),
                new(TableTransactionActionType.Add, TableOutboxStore.ToEntity(partition, cloudEvent, audit.At.ToDateTimeOffset())),
            ], ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The pending request of an appointment, if any (requests sit in the partition the appointment had when asked).</summary>
    public async Task<ApprovalRequest?> FindPendingAsync(string partition, AppointmentId appointment, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {Prefix} and RowKey lt {"approval}"} and AppointmentId eq {appointment.Value} and Status eq {"Pending"}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["Document"], cancellationToken: ct))
            return ApprovalDto.Parse(row.GetString("Document")).ToDomain();
        return null;
    }

    /// <summary>Every request about one appointment in a partition (where requests made while it was on that day live).</summary>
    public async Task<IReadOnlyList<ApprovalRequest>> ListOfAppointmentAsync(string partition, AppointmentId appointment, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {Prefix} and RowKey lt {"approval}"} and AppointmentId eq {appointment.Value}");
        var result = new List<ApprovalRequest>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["Document"], cancellationToken: ct))
            result.Add(ApprovalDto.Parse(row.GetString("Document")).ToDomain());
        return [.. result.OrderBy(r => r.CreatedAt)];
    }

    /// <summary>A shop's requests created on or after <paramref name="fromDate"/> (partition dates), newest last.</summary>
    public async Task<IReadOnlyList<ApprovalRequest>> ListAsync(ShopId shop, string fromDate, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {shop.Value + "|" + fromDate} and PartitionKey lt {shop.Value + "}"} and RowKey ge {Prefix} and RowKey lt {"approval}"}");
        var result = new List<ApprovalRequest>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["Document"], cancellationToken: ct))
            result.Add(ApprovalDto.Parse(row.GetString("Document")).ToDomain());
        return [.. result.OrderBy(r => r.CreatedAt)];
    }

    private static TableEntity Row(string partition, ApprovalRequest request) => new(partition, Prefix + request.Id)
    {
        ["Document"] = ApprovalDto.From(request).ToJson(),
        ["Status"] = request.Status.ToString(),
        ["AppointmentId"] = request.AppointmentId.Value,
    };
}
