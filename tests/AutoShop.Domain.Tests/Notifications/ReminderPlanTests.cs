using AutoShop.Domain.Notifications;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace AutoShop.Domain.Tests.Notifications;

public class ReminderPlanTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 10, 13, 30);

    [Fact]
    public void By_default_reminders_go_out_24_hours_and_2_hours_before()
    {
        var plan = ReminderPlan.For("apt-1", version: 3, Start, now: Start - Duration.FromDays(5));

        Assert.Equal(
            [
                new ScheduledNotification("apt-1", 3, MessageKind.Reminder, "24h", Start - Duration.FromHours(24)),
                new ScheduledNotification("apt-1", 3, MessageKind.Reminder, "2h", Start - Duration.FromHours(2)),
            ],
            plan.Reminders);
        Assert.Empty(plan.SkippedAsPast);
    }

    [Fact]
    public void Offsets_already_past_at_planning_time_are_skipped_not_sent_late()
    {
        var plan = ReminderPlan.For("apt-1", 1, Start, now: Start - Duration.FromHours(3));

        Assert.Equal("2h", Assert.Single(plan.Reminders).Label);
        Assert.Equal("24h", Assert.Single(plan.SkippedAsPast).Label);
    }

    [Fact]
    public void A_reminder_due_exactly_now_is_still_planned() =>
        Assert.Single(ReminderPlan.For("apt-1", 1, Start, now: Start - Duration.FromHours(2)).Reminders);

    [Fact]
    public void Shop_offsets_replace_the_defaults_and_duplicates_collapse()
    {
        var offsets = new[] { "90m", "2d", "1h30m" }.Select(o => ReminderOffset.Parse(o).Value);

        var plan = ReminderPlan.For("apt-1", 1, Start, Start - Duration.FromDays(10), offsets);

        Assert.Equal(["2d", "1h30m"], plan.Reminders.Select(r => r.Label));
    }

    [Fact]
    public void Each_reminder_carries_a_dedupe_key_for_its_appointment_version()
    {
        var reminder = ReminderPlan.For("apt-1", 4, Start, Start - Duration.FromDays(2)).Reminders[0];

        Assert.Equal("apt-1:v4:reminder:24h", reminder.DedupeKey);
        Assert.False(reminder.IsStale(4));
        Assert.True(reminder.IsStale(5));
    }

    [Theory]
    [InlineData("24h", 24 * 60)]
    [InlineData("2h", 120)]
    [InlineData("90m", 90)]
    [InlineData("1h30m", 90)]
    [InlineData("2d", 2 * 24 * 60)]
    [InlineData(" 45M ", 45)]
    public void Offsets_are_read_from_short_labels(string label, int minutes) =>
        Assert.Equal(Duration.FromMinutes(minutes), ReminderOffset.Parse(label).Value.BeforeStart);

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("0m")]
    [InlineData("-2h")]
    [InlineData("31d")]
    [InlineData("2 hours")]
    public void Nonsense_offsets_are_refused_with_a_reason(string label)
    {
        var offset = ReminderOffset.Parse(label);

        Assert.False(offset.IsValid);
        Assert.False(string.IsNullOrWhiteSpace(offset.Error));
    }

    [Theory]
    [InlineData(24 * 60, "24h")]
    [InlineData(90, "1h30m")]
    [InlineData(45, "45m")]
    [InlineData(7 * 24 * 60, "7d")]
    public void Labels_are_written_compactly(int minutes, string label) =>
        Assert.Equal(label, ReminderOffset.FromDuration(Duration.FromMinutes(minutes)).Value.Label);

    [Property]
    public Property A_plan_never_contains_a_reminder_due_before_now_or_after_the_start() =>
        Prop.ForAll(Gen.Choose(0, 60 * 24 * 40).ToArbitrary(), minutesBefore =>
        {
            var now = Start - Duration.FromMinutes(minutesBefore);
            var plan = ReminderPlan.For("apt-1", 1, Start, now);
            return plan.Reminders.All(r => r.Due >= now && r.Due < Start)
                && plan.Reminders.Count + plan.SkippedAsPast.Count == 2;
        });
}
