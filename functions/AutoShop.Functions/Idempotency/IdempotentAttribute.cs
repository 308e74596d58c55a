namespace AutoShop.Functions.Idempotency;

/// <summary>
/// The HTTP function honours <c>Idempotency-Key</c> (<see cref="IdempotencyMiddleware"/>): a retry with the
/// same key and body replays the first answer; the body is capped at <see cref="MaxBodyBytes"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute(string scope, long maxBodyBytes) : Attribute
{
    /// <summary>Keys are unique within a scope (one per operation).</summary>
    public string Scope { get; } = scope;

    public long MaxBodyBytes { get; } = maxBodyBytes;
}
