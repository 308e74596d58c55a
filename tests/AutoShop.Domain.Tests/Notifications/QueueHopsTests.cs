using AutoShop.Domain.Notifications;
using NodaTime;

namespace AutoShop.Domain.Tests.Notifications;

public class QueueHopsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 1, 12, 0);

    [Fact]
    public void A_message_due_within_seven_days_is_hidden_until_due() =>
        Assert.Equal(new QueueHop(Duration.FromDays(3), RescheduleOnArrival: false), QueueHops.Next(Now + Duration.FromDays(3), Now));

    [Fact]
    public void Exactly_seven_days_is_one_hop() =>
        Assert.Equal(new QueueHop(Duration.FromDays(7), false), QueueHops.Next(Now + Duration.FromDays(7), Now));

    [Fact]
    public void A_message_due_later_hops_seven_days_and_is_rescheduled_on_arrival()
    {
        var due = Now + Duration.FromDays(17);

        var first = QueueHops.Next(due, Now);
        var second = QueueHops.Next(due, Now + first.VisibilityDelay);
        var third = QueueHops.Next(due, Now + first.VisibilityDelay + second.VisibilityDelay);

        Assert.Equal(new QueueHop(Duration.FromDays(7), true), first);
        Assert.Equal(new QueueHop(Duration.FromDays(7), true), second);
        Assert.Equal(new QueueHop(Duration.FromDays(3), false), third);
    }

    [Fact]
    public void A_message_already_due_is_visible_at_once() =>
        Assert.Equal(new QueueHop(Duration.Zero, false), QueueHops.Next(Now - Duration.FromMinutes(5), Now));
}
