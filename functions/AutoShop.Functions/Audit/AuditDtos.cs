using AutoShop.Domain.Audit;

namespace AutoShop.Functions.Audit;

/// <summary>A ledger link as staff see it: the record's fields as stored, with its place in the chain.</summary>
public sealed record AuditRecordDto(
    long Sequence, string ShopId, string? AppointmentId, string? Subject, string ActorKind, string ActorId,
    string AtUtc, string AtLocal, string TimeZone, string Action, string? ReasonCode, string Before, string After,
    string? CorrelationId, string SourceKey, string ChainedAt, string? Hash)
{
    public static AuditRecordDto From(StoredLink link)
    {
        var f = link.Fields;
        return new(f.Sequence, f.Shop, f.AppointmentId, f.Subject, f.ActorKind, f.ActorId, f.AtUtc, f.AtLocal, f.TimeZone,
            f.Action, f.ReasonCode, f.Before, f.After, f.CorrelationId, f.SourceKey, f.ChainedAt, link.Hash);
    }
}

/// <summary>One page of records; pass <see cref="Continuation"/> back for the next (null on the last page; a page may be short or empty before it).</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditRecordDto> Items, string? Continuation);

/// <summary>Where a ledger stops proving itself.</summary>
public sealed record BrokenLinkDto(long Sequence, string Problem, string? ExpectedHash, string? StoredHash, string Message)
{
    public static BrokenLinkDto From(ChainBreak b) => new(b.Sequence,
        b.Problem == ChainProblem.Missing ? "missing" : "hash-mismatch", b.ExpectedHash, b.StoredHash, b.Describe());
}

/// <summary>The outcome of verifying a shop's ledger over a range of days (or whole).</summary>
public sealed record AuditVerificationDto(
    string ShopId, string? From, string? To, bool Intact, long LinksChecked, long? FirstSequence, long? LastSequence,
    long HeadSequence, BrokenLinkDto? FirstBrokenLink);
