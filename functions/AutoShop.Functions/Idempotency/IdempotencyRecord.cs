namespace AutoShop.Functions.Idempotency;

/// <summary>What a first request with an <c>Idempotency-Key</c> produced, replayed to its retries.</summary>
public sealed record IdempotencyRecord(
    string Scope,
    string Key,
    string RequestHash,
    bool Completed,
    DateTimeOffset StartedAt,
    int StatusCode,
    string? ContentType,
    string? Location,
    byte[] Body);

/// <summary>Where idempotency records live; the adapter makes "start" atomic across instances.</summary>
public interface IIdempotencyStore
{
    /// <summary>Claims the key; false when another request already holds or completed it.</summary>
    Task<bool> TryStartAsync(IdempotencyRecord record, CancellationToken ct);
    Task<IdempotencyRecord?> FindAsync(string scope, string key, CancellationToken ct);
    Task CompleteAsync(IdempotencyRecord record, CancellationToken ct);
    /// <summary>Frees the key after a failure so the client may retry with it.</summary>
    Task ReleaseAsync(string scope, string key, CancellationToken ct);
}
