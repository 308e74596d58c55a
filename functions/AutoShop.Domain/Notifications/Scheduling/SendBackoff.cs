using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// When a send that failed for a passing reason (relay down, timeouts, throttling) is tried again:
/// <see cref="FirstDelay"/> after the first failure, doubling up to <see cref="MaxDelay"/> between
/// tries, until <see cref="GiveUpAfter"/> has passed since the first failure. Then the message is
/// undelivered and waits for staff. An outage of minutes or hours loses nothing; a relay that never
/// comes back costs one try per <see cref="MaxDelay"/>.
/// </summary>
public sealed record SendBackoff
{
    private SendBackoff(Duration firstDelay, Duration maxDelay, Duration giveUpAfter)
    {
        FirstDelay = firstDelay;
        MaxDelay = maxDelay;
        GiveUpAfter = giveUpAfter;
    }

    public Duration FirstDelay { get; }
    public Duration MaxDelay { get; }
    public Duration GiveUpAfter { get; }

    public static Validated<SendBackoff> From(Duration firstDelay, Duration maxDelay, Duration giveUpAfter)
    {
        if (firstDelay <= Duration.Zero) return Validated<SendBackoff>.Invalid("the first delay must be more than zero.");
        if (maxDelay < firstDelay) return Validated<SendBackoff>.Invalid("the longest delay must be at least the first delay.");
        if (maxDelay > QueueHops.LongestHop) return Validated<SendBackoff>.Invalid("the longest delay must be at most 7 days (one queue hop).");
        if (giveUpAfter <= Duration.Zero) return Validated<SendBackoff>.Invalid("the time to give up after must be more than zero.");
        return Validated<SendBackoff>.Valid(new SendBackoff(firstDelay, maxDelay, giveUpAfter));
    }

    /// <summary>The wait before later try number <paramref name="retry"/> (1 for the first retry): doubling, capped.</summary>
    public Duration DelayBefore(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var delay = FirstDelay;
        // Doubling stops at the cap, so a retry count of any size neither overflows nor loops long.
        for (var i = 1; i < retry && delay < MaxDelay; i++) delay += delay;
        return delay < MaxDelay ? delay : MaxDelay;
    }

    /// <summary>
    /// After a failed try: the wait before the next one, or null when <see cref="GiveUpAfter"/> has passed
    /// since <paramref name="firstFailure"/> (the message is then undelivered).
    /// </summary>
    /// <param name="retriesSoFar">Later tries already made (0 after the first try failed).</param>
    public Duration? Next(int retriesSoFar, Instant firstFailure, Instant now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retriesSoFar);
        return now - firstFailure >= GiveUpAfter ? null : DelayBefore(retriesSoFar + 1);
    }
}
