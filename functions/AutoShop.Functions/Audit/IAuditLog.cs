using AutoShop.Domain.Audit;

namespace AutoShop.Functions.Audit;

/// <summary>Where a record landed in its shop's ledger.</summary>
/// <param name="AlreadyChained">True when the record's source key was chained before: nothing new was written.</param>
public sealed record AuditAppendResult(long Sequence, string Hash, bool AlreadyChained);

/// <summary>
/// The append-only, hash-chained audit ledger of every shop. Capabilities whose changes are not part
/// of a schedule transaction (job cards, documents, templates, stock, approvals) record them here;
/// schedule changes reach it through their events. There is no update or delete.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends the record to its shop's chain, once per <see cref="AuditRecord.SourceKey"/>: appending the
    /// same source again returns the first link. Safe with any number of concurrent appenders.
    /// </summary>
    Task<AuditAppendResult> AppendAsync(AuditRecord record, CancellationToken ct);

    /// <summary>Whether a record with this source key is chained in the shop's ledger (one point read).</summary>
    Task<bool> IsChainedAsync(string shop, string sourceKey, CancellationToken ct);
}
