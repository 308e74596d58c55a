using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Reporting;

/// <summary>
/// Reads the facts reporting is computed from straight out of the schedule table: the appointment
/// rows and audit rows of a shop's day partitions, one PartitionKey range query each, a storage
/// page at a time (callers that stream never hold more than a page).
/// </summary>
public sealed class ScheduleFacts(StorageClients storage)
{
    private TableClient Table => storage.Tables.GetTableClient(TableNames.Schedule);

    /// <summary>Appointments starting in the period, whatever their status, page by page in day order.</summary>
    public async IAsyncEnumerable<IReadOnlyList<Appointment>> AppointmentPagesAsync(ShopId shop, ReportingPeriod period, [EnumeratorCancellation] CancellationToken ct)
    {
        var (from, to) = Partitions(shop, period);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey le {to} and RowKey ge {"appt|"} and RowKey lt {"appt}"}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, select: [AppointmentRows.Document], cancellationToken: ct).AsPages())
            yield return [.. page.Values.Select(AppointmentRows.Read).Where(a => period.Contains(a.Start))];
    }

    /// <summary>Audit records stored in the period's day partitions, optionally of one action only (filtered by storage).</summary>
    public async IAsyncEnumerable<AuditRecord> ChangesAsync(ShopId shop, ReportingPeriod period, AuditAction? action, [EnumeratorCancellation] CancellationToken ct)
    {
        var (from, to) = Partitions(shop, period);
        var filter = ScheduleAuditRecords.Filter(from, to);
        // The booking aggregate writes its own words for some actions; rescheduled is the same word in both.
        if (action is { } only) filter += " and " + TableClient.CreateQueryFilter($"Action eq {only.Value}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            yield return ScheduleAuditRecords.FromRow(row, period.Zone);
    }

    private static (string From, string To) Partitions(ShopId shop, ReportingPeriod period) =>
        (AppointmentLocator.Partition(shop, period.From), AppointmentLocator.Partition(shop, period.To));
}
