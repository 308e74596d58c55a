using System.ComponentModel.DataAnnotations;

namespace AutoShop.Functions.Storage;

/// <summary>
/// How long the app waits for storage (section <c>Storage</c>, e.g. <c>Storage__RequestBudget</c>). With the
/// SDK's defaults (100 s per attempt, three retries from 0.8 s) a request waited 6 s on refused connections
/// before it failed with a 500, and as long as the attempt timeout on an emulator that stopped answering.
/// </summary>
public sealed class StorageResilienceOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>
    /// How long an HTTP request may work before it starts its answer; past it the request answers 503 with
    /// <c>Retry-After</c>. Time spent waiting for the client's body does not count (a slow upload is not an outage).
    /// </summary>
    public TimeSpan RequestBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long <c>/api/health</c> waits for each storage service (they are probed at once, without retries).</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest one storage attempt may wait for its reply (the SDK's network timeout). It bounds background
    /// work (queue listeners, timers, the outbox sweep) on a storage service that accepts connections but never answers.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a failed storage attempt (exponential back-off from <see cref="RetryDelay"/>).</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>What a 503 tells the client to wait before trying again (<c>Retry-After</c>, whole seconds).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value, min, max) in new[]
        {
            (nameof(RequestBudget), RequestBudget, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            (nameof(HealthTimeout), HealthTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)),
            (nameof(NetworkTimeout), NetworkTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            (nameof(RetryDelay), RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            (nameof(RetryAfter), RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
        })
        {
            if (value < min || value > max)
                yield return new ValidationResult($"{Section}__{name} must be between {min:c} and {max:c}.", [name]);
        }
        if (MaxRetries is < 0 or > 10)
            yield return new ValidationResult($"{Section}__{nameof(MaxRetries)} must be between 0 and 10.", [nameof(MaxRetries)]);
    }
}
