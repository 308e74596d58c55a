using AutoShop.Domain.Booking;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Audit;
using NodaTime.Text;

namespace AutoShop.Functions.Reporting.Exports;

/// <summary>A shop's ledger records whose time falls in the period, in chain order, one storage page at a time.</summary>
public sealed class AuditCsv(TableAuditLedger ledger)
{
    public static readonly string[] Columns =
    [
        "sequence", "at_utc", "at_local", "time_zone", "shop_id", "appointment_id", "subject", "actor_kind", "actor_id",
        "action", "reason_code", "before", "after", "correlation_id", "source_key", "chained_at", "hash",
    ];

    public async Task WriteAsync(CsvWriter csv, ShopId shop, ReportingPeriod period, CancellationToken ct)
    {
        await csv.HeaderAsync(Columns, ct);
        await foreach (var page in ledger.PagesAsync(shop, period.Start, period.End, ct))
        {
            foreach (var stored in page)
            {
                var link = stored.Fields;
                csv.Number(link.Sequence);
                Time(csv, link.AtUtc);
                Time(csv, link.AtLocal);
                csv.Text(link.TimeZone).Text(link.Shop).Text(link.AppointmentId).Text(link.Subject).Text(link.ActorKind).Text(link.ActorId)
                    .Text(link.Action).Text(link.ReasonCode).Text(link.Before).Text(link.After).Text(link.CorrelationId).Text(link.SourceKey);
                Time(csv, link.ChainedAt);
                csv.Text(stored.Hash);
                await csv.EndRowAsync(ct);
            }
            await csv.FlushAsync(ct);
        }
    }

    /// <summary>Stored times as ISO 8601 with an offset; a value that does not parse (tampered) is written as it is.</summary>
    private static void Time(CsvWriter csv, string stored)
    {
        if (OffsetDateTimePattern.ExtendedIso.Parse(stored) is { Success: true } parsed) csv.Time(parsed.Value);
        else csv.Text(stored);
    }
}
