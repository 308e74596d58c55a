using NodaTime;

namespace AutoShop.Domain.Reporting;

/// <summary>
/// Which shop-local days are due for their daily export drop. A day is due once the shop's clock is
/// past the drop time on the day after it. Every due day after the last one dropped is returned, so
/// days missed while the app was down are caught up; a shop never dropped before starts with the
/// latest due day rather than its whole history.
/// </summary>
public static class DailyDropSchedule
{
    public static IReadOnlyList<LocalDate> DueDays(LocalDateTime shopNow, LocalTime dropTime, LocalDate? lastDropped, int maxDays)
    {
        var latestDue = shopNow.Date.PlusDays(shopNow.TimeOfDay >= dropTime ? -1 : -2);
        var first = lastDropped is { } last ? last.PlusDays(1) : latestDue;
        if (first > latestDue) return [];
        var count = Math.Min(Period.DaysBetween(first, latestDue) + 1, maxDays);
        return [.. Enumerable.Range(0, count).Select(first.PlusDays)];
    }
}
