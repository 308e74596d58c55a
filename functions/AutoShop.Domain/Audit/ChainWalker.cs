namespace AutoShop.Domain.Audit;

public enum ChainProblem
{
    /// <summary>The stored hash is not the hash of the previous link and this link's stored fields: the link (or its predecessor) was edited.</summary>
    HashMismatch,

    /// <summary>A sequence number has no link: a link was removed (or moved out of the range by editing its chained time).</summary>
    Missing,
}

/// <summary>The first place a ledger stops proving itself.</summary>
public sealed record ChainBreak(long Sequence, ChainProblem Problem, string? ExpectedHash, string? StoredHash)
{
    public string Describe() => Problem switch
    {
        ChainProblem.Missing => $"Link {Sequence} is missing: it was removed, or its chained time was edited.",
        _ => $"Link {Sequence} does not match its hash: expected {ExpectedHash ?? "(unknown: the previous hash is unreadable)"}, stored {StoredHash ?? "(none)"}.",
    };
}

/// <summary>
/// Checks links in sequence order, one at a time, keeping only the previous hash: verification runs
/// in constant memory however long the ledger is. The first problem found is the answer; a ledger
/// is trustworthy up to the link before it.
/// </summary>
public sealed class ChainWalker(long firstSequence, string previousHash)
{
    private long expected = firstSequence;
    private string previous = previousHash;

    public long Checked { get; private set; }

    public long? LastSequence { get; private set; }

    /// <summary>The sequence number the next link must carry.</summary>
    public long Expected => expected;

    /// <summary>Checks the next link as stored; null when it proves itself.</summary>
    public ChainBreak? Accept(ChainLinkFields link, string? storedHash)
    {
        if (link.Sequence < expected)
            throw new InvalidOperationException($"Links must arrive in ascending order: got {link.Sequence} after {expected - 1}.");
        if (link.Sequence > expected)
            return new ChainBreak(expected, ChainProblem.Missing, null, null);
        Checked++;
        var computed = AuditChain.IsHash(previous) ? AuditChain.Hash(previous, link) : null;
        if (computed is null || !string.Equals(computed, storedHash, StringComparison.Ordinal))
            return new ChainBreak(link.Sequence, ChainProblem.HashMismatch, computed, storedHash);
        previous = computed;
        LastSequence = link.Sequence;
        expected = link.Sequence + 1;
        return null;
    }
}
