using System.Text.Json;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Notifications.Flows;
using NodaTime;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>A chain of notices in one timer message: earliest first, each next one carrying the rest, through JSON as on the queue.</summary>
public sealed class TimerChainTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 25, 14, 0);

    private static Notice Reminder(string label, int hoursBefore) => new("appt-1", 3, MessageKind.Reminder, label, Start - Duration.FromHours(hoursBefore));

    private static TimerMessage RoundTrip(TimerMessage message) =>
        NotificationTimers.Parse(JsonSerializer.Serialize(message, TimerJsonContext.Default.TimerMessage));

    [Fact]
    public void The_earliest_notice_waits_and_each_next_one_carries_the_rest_to_the_last()
    {
        var first = RoundTrip(TimerMessage.Chain([Reminder("2h", 2), Reminder("48h", 48), Reminder("24h", 24)]));

        Assert.Equal(("48h", Start.ToDateTimeOffset().AddHours(-48)), (first.Label, first.Due));
        var second = RoundTrip(first.Next()!);
        Assert.Equal(("24h", Start.ToDateTimeOffset().AddHours(-24), 3), (second.Label, second.Due, second.Version));
        Assert.Equal(Reminder("24h", 24).DedupeKey, second.DedupeKey);
        var third = RoundTrip(second.Next()!);
        Assert.Equal(("2h", Reminder("2h", 2).DedupeKey), (third.Label, third.DedupeKey));
        Assert.Null(third.Then);
        Assert.Null(third.Next());
    }

    [Fact]
    public void A_timer_message_without_a_chain_reads_as_before()
    {
        var single = RoundTrip(TimerMessage.From(Reminder("24h", 24)));

        Assert.Null(single.Then);
        Assert.Null(single.Next());
        Assert.Equal(Reminder("24h", 24), single.ToNotice());
    }

    [Fact]
    public void Notices_of_different_versions_or_moved_sms_are_never_chained()
    {
        Assert.Throws<ArgumentException>(() => TimerMessage.Chain([Reminder("24h", 24), Reminder("2h", 2) with { Version = 4 }]));
        Assert.Throws<ArgumentException>(() => TimerMessage.Chain([Reminder("24h", 24), Reminder("2h", 2) with { OnlyChannel = Channel.Sms }]));
        Assert.Throws<ArgumentException>(() => TimerMessage.Chain([]));
    }
}
