using AutoShop.Domain.Notifications;
using NodaTime;

namespace AutoShop.Domain.Tests.Notifications;

public class FollowUpPlanTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    [Fact]
    public void A_follow_up_is_due_a_day_after_completion_by_default()
    {
        var completed = Instant.FromUtc(2026, 3, 10, 16, 0);

        Assert.Equal(
            new ScheduledNotification("apt-1", 2, MessageKind.FollowUp, "follow-up", completed + Duration.FromHours(24)),
            FollowUpPlan.For("apt-1", 2, completed));
    }

    [Fact]
    public void The_shop_can_set_its_own_delay() =>
        Assert.Equal(
            Instant.FromUtc(2026, 3, 13, 16, 0),
            FollowUpPlan.For("apt-1", 2, Instant.FromUtc(2026, 3, 10, 16, 0), Duration.FromDays(3)).Due);

    [Fact]
    public void An_sms_follow_up_that_would_land_at_night_waits_for_the_morning()
    {
        // Completed 22:30 local; 24 h later is 22:30 again, inside quiet hours.
        var completed = new LocalDateTime(2026, 3, 10, 22, 30).InZoneStrictly(NewYork).ToInstant();

        var followUp = FollowUpPlan.ForSms("apt-1", 2, completed, NewYork, QuietHours.Default);

        Assert.Equal(new LocalDateTime(2026, 3, 12, 8, 0), followUp.Due.InZone(NewYork).LocalDateTime);
        Assert.Equal("apt-1:v2:follow-up:follow-up", followUp.DedupeKey);
    }
}
