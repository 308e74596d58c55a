namespace AutoShop.Functions.Events;

/// <summary>An event written in the same transaction as the change it describes, not yet on the queue.</summary>
public sealed record OutboxEntry(string PartitionKey, string RowKey, CloudEvent Event, DateTimeOffset WrittenAt);

/// <summary>The transactional outbox, read by the relay.</summary>
public interface IOutboxStore
{
    /// <summary>Entries written before <paramref name="writtenBefore"/>, across every shop.</summary>
    IAsyncEnumerable<OutboxEntry> ListPendingAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken);

    /// <summary>Removes an entry once its event is on the queue. Already gone is fine.</summary>
    Task CompleteAsync(OutboxEntry entry, CancellationToken cancellationToken);
}
