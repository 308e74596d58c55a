using AutoShop.Domain.Reporting;
using NodaTime;

namespace AutoShop.Domain.Tests.Reporting;

public class DailyDropScheduleTests
{
    private static readonly LocalTime Two = new(2, 0);
    private static readonly LocalDate Today = new(2026, 11, 24);

    private static IReadOnlyList<LocalDate> Due(int hour, int minute, LocalDate? last, int max = 31) =>
        DailyDropSchedule.DueDays(Today.At(new LocalTime(hour, minute)), Two, last, max);

    [Fact]
    public void Before_the_drop_time_yesterday_is_not_due_yet()
    {
        Assert.Empty(Due(1, 59, Today.PlusDays(-2)));
        Assert.Equal([Today.PlusDays(-1)], Due(2, 0, Today.PlusDays(-2)));
    }

    [Fact]
    public void A_shop_never_dropped_starts_with_the_latest_due_day()
    {
        Assert.Equal([Today.PlusDays(-1)], Due(9, 0, null));
        Assert.Equal([Today.PlusDays(-2)], Due(0, 30, null));
    }

    [Fact]
    public void Missed_days_are_all_due_oldest_first_up_to_the_limit()
    {
        Assert.Equal([Today.PlusDays(-4), Today.PlusDays(-3), Today.PlusDays(-2), Today.PlusDays(-1)], Due(3, 0, Today.PlusDays(-5)));
        Assert.Equal([Today.PlusDays(-4), Today.PlusDays(-3)], Due(3, 0, Today.PlusDays(-5), max: 2));
    }

    [Fact]
    public void A_day_already_dropped_is_not_due_again()
    {
        Assert.Empty(Due(23, 0, Today.PlusDays(-1)));
    }
}
