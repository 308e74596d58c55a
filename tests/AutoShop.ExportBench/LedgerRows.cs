using Azure.Data.Tables;
using AutoShop.Domain;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Audit;
using NodaTime;

namespace AutoShop.ExportBench;

/// <summary>The bench's ledger: <c>rows</c> links of one shop spread evenly over one shop-local day, generated on demand.</summary>
internal sealed class LedgerRows(ShopId shop, DateTimeZone zone, Interval day, long rows)
{
    private readonly Duration step = Duration.FromTicks((day.End - day.Start).BclCompatibleTicks / rows);

    public ShopId Shop => shop;

    public long Count => rows;

    /// <summary>Link <paramref name="sequence"/> as the ledger stores it, chained on <paramref name="previousHash"/>; returns its hash too.</summary>
    public (TableEntity Row, string Hash) Link(long sequence, string previousHash)
    {
        var at = day.Start + step * sequence - step;
        var cancelled = sequence % 3 == 0;
        var record = AuditRecord.TryCreate(shop, zone, AppointmentId.Parse($"20261123-bench{sequence % 9973:D8}-{shop.Value}"), null,
            Actor.Staff($"staff-{sequence % 17}"), at, cancelled ? AuditAction.Cancelled : AuditAction.Created,
            cancelled ? ReasonCode.CustomerRequest : null,
            "status=booked; start=2026-11-24T14:00:00Z; end=2026-11-24T15:00:00Z; services=oil-change; technician=maria-lopez bay=lift-1 tools=[]",
            cancelled ? "status=cancelled; note=\"customer called, rebooking\"" : "",
            "bench-correlation-id", $"bench:{shop.Value}:{sequence}").OrThrow();
        var fields = ChainLinkFields.From(record, sequence, at);
        var hash = AuditChain.Hash(previousHash, fields);
        return (AuditChainRows.Link(fields, hash), hash);
    }

    /// <summary>
    /// Link <paramref name="sequence"/> with the same fields but a stand-in hash, built without
    /// validation or hashing: the synthetic endpoint's cost stays small beside the reader's.
    /// </summary>
    public TableEntity UnchainedLink(long sequence, ChainLinkFields template)
    {
        var instant = day.Start + step * sequence - step;
        var at = AuditChain.FormatUtc(instant);
        var cancelled = sequence % 3 == 0;
        return AuditChainRows.Link(template with
        {
            Sequence = sequence, ChainedAt = at, AtUtc = at, AtLocal = AuditChain.FormatLocal(instant.InZone(zone).ToOffsetDateTime()),
            AppointmentId = $"20261123-bench{sequence % 9973:D8}-{shop.Value}",
            ActorId = $"staff-{sequence % 17}",
            Action = cancelled ? "cancelled" : "created",
            ReasonCode = cancelled ? "customer-request" : null,
            After = cancelled ? "status=cancelled; note=\"customer called, rebooking\"" : "",
            SourceKey = $"bench:{shop.Value}:{sequence}",
        }, StandInHash);
    }

    /// <summary>Link 1's fields, for <see cref="UnchainedLink"/> to vary.</summary>
    public ChainLinkFields Template() => AuditChainRows.Read(Link(1, AuditChain.GenesisHash).Row).Fields;

    private static readonly string StandInHash = new('a', 64);
}
