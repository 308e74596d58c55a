using AutoShop.Domain.Notifications;
using NodaTime;

namespace AutoShop.Domain.Tests.Notifications;

public class SendBackoffTests
{
    private static readonly Instant FirstFailure = Instant.FromUtc(2026, 11, 24, 12, 0);

    private static SendBackoff Default => SendBackoff.From(Duration.FromMinutes(1), Duration.FromMinutes(30), Duration.FromHours(24)).Value;

    [Fact]
    public void The_wait_doubles_from_the_first_delay_and_stops_at_the_longest()
    {
        var waits = Enumerable.Range(1, 8).Select(Default.DelayBefore).Select(d => d.TotalMinutes).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], waits);
    }

    [Fact]
    public void A_huge_retry_number_waits_the_longest_delay_without_overflowing() =>
        Assert.Equal(Duration.FromMinutes(30), Default.DelayBefore(int.MaxValue));

    [Fact]
    public void Retries_go_on_until_the_horizon_has_passed_since_the_first_failure()
    {
        Assert.Equal(Duration.FromMinutes(1), Default.Next(0, FirstFailure, FirstFailure));
        Assert.Equal(Duration.FromMinutes(30), Default.Next(40, FirstFailure, FirstFailure + Duration.FromHours(24) - Duration.FromTicks(1)));
        Assert.Null(Default.Next(41, FirstFailure, FirstFailure + Duration.FromHours(24)));
    }

    [Fact]
    public void A_relay_down_for_a_whole_day_costs_about_fifty_tries_not_thousands()
    {
        var now = FirstFailure;
        var tries = 1;
        for (var retries = 0; Default.Next(retries, FirstFailure, now) is { } wait; retries++)
        {
            now += wait;
            tries++;
        }

        Assert.InRange(tries, 45, 55);
    }

    [Theory]
    [InlineData(0, 30, 24, "first delay")]
    [InlineData(10, 5, 24, "at least the first delay")]
    [InlineData(1, 60 * 24 * 8, 24, "7 days")]
    [InlineData(1, 30, 0, "give up after")]
    public void Settings_that_make_no_sense_are_refused_with_a_reason(int firstMinutes, int maxMinutes, int giveUpHours, string mentioned)
    {
        var backoff = SendBackoff.From(Duration.FromMinutes(firstMinutes), Duration.FromMinutes(maxMinutes), Duration.FromHours(giveUpHours));

        Assert.False(backoff.IsValid);
        Assert.Contains(mentioned, backoff.Error, StringComparison.Ordinal);
    }
}
