using AutoShop.Domain.Audit;

namespace AutoShop.Functions.Audit;

/// <summary>A record waiting to be chained, and the caller waiting for its link.</summary>
internal sealed class PendingAppend(AuditRecord record)
{
    public AuditRecord Record { get; } = record;

    public TaskCompletionSource<AuditAppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// The records waiting for one shop's ledger in this instance, in arrival order, and whether a caller
/// is already committing them (then new records just wait for its next group).
/// </summary>
internal sealed class ShopAppends
{
    private readonly List<PendingAppend> _waiting = [];
    private bool _flushing;

    /// <summary>Adds the record; true when no flush is under way, so the caller must run one.</summary>
    public bool Enqueue(PendingAppend pending)
    {
        lock (_waiting)
        {
            _waiting.Add(pending);
            if (_flushing) return false;
            _flushing = true;
            return true;
        }
    }

    /// <summary>
    /// The next group in arrival order, or null (and the flush ends) when nothing waits. A second
    /// record of the same source (a redelivered event) waits for a later group, where its marker is
    /// found taken, because one transaction cannot insert a row twice.
    /// </summary>
    public List<PendingAppend>? TakeGroup(int max)
    {
        lock (_waiting)
        {
            if (_waiting.Count == 0)
            {
                _flushing = false;
                return null;
            }
            var group = new List<PendingAppend>(Math.Min(max, _waiting.Count));
            var sources = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < _waiting.Count && group.Count < max; i++)
            {
                if (!sources.Add(_waiting[i].Record.SourceKey)) continue;
                group.Add(_waiting[i]);
            }
            _waiting.RemoveAll(group.Contains);
            return group;
        }
    }
}
