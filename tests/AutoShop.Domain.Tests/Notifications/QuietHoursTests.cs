using AutoShop.Domain.Notifications;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace AutoShop.Domain.Tests.Notifications;

public class QuietHoursTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static Instant Local(DateTimeZone zone, int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneLeniently(zone).ToInstant();

    private static readonly Instant FarAway = Instant.FromUtc(2027, 1, 1, 0, 0);

    [Fact]
    public void A_message_due_inside_the_window_goes_out_when_due()
    {
        var due = Local(NewYork, 2026, 3, 10, 12);

        Assert.Equal(new SmsSendAt(due, Moved: false), QuietHours.Default.NextAllowed(due, NewYork, FarAway));
    }

    [Fact]
    public void A_message_due_late_at_night_waits_for_eight_the_next_morning()
    {
        var due = Local(NewYork, 2026, 3, 10, 22, 15);

        var sendAt = Assert.IsType<SmsSendAt>(QuietHours.Default.NextAllowed(due, NewYork, FarAway));

        Assert.Equal(Local(NewYork, 2026, 3, 11, 8), sendAt.At);
        Assert.True(sendAt.Moved);
    }

    [Fact]
    public void A_message_due_before_dawn_waits_for_eight_the_same_morning() =>
        Assert.Equal(
            Local(NewYork, 2026, 3, 10, 8),
            QuietHours.Default.NextAllowed(Local(NewYork, 2026, 3, 10, 6, 45), NewYork));

    [Fact]
    public void The_window_end_is_already_quiet() =>
        Assert.Equal(
            Local(NewYork, 2026, 3, 11, 8),
            QuietHours.Default.NextAllowed(Local(NewYork, 2026, 3, 10, 21), NewYork));

    [Fact]
    public void A_window_is_judged_in_the_zone_it_is_given()
    {
        // 15:30 in New York is 21:30 in Berlin: fine for a New Yorker, too late for someone in Berlin.
        var due = Local(NewYork, 2026, 1, 13, 15, 30);

        Assert.True(QuietHours.Default.Allows(due, NewYork));
        Assert.False(QuietHours.Default.Allows(due, Berlin));
    }

    [Fact]
    public void Florida_allows_texts_from_eight_to_eight()
    {
        Assert.Equal("08:00-20:00", QuietHours.Florida.ToString());
        Assert.True(QuietHours.Florida.Allows(Local(NewYork, 2026, 3, 10, 19, 59), NewYork));
        Assert.False(QuietHours.Florida.Allows(Local(NewYork, 2026, 3, 10, 20, 0), NewYork));
    }

    [Theory]
    [InlineData(6, 7, false)]
    [InlineData(6, 9, true)]
    [InlineData(19, 23, true)]
    [InlineData(20, 23, false)]
    public void A_shop_window_overlaps_floridas_only_if_they_share_a_minute(int from, int until, bool overlaps) =>
        Assert.Equal(overlaps, QuietHours.From(new LocalTime(from, 0), new LocalTime(until, 0)).Value.Overlaps(QuietHours.Florida));

    [Fact]
    public void A_message_moved_past_the_appointment_start_is_skipped()
    {
        // The 2 h reminder of a 07:30 appointment is due at 05:30; 08:00 is after the start.
        var start = Local(NewYork, 2026, 3, 10, 7, 30);

        var result = QuietHours.Default.NextAllowed(start - Duration.FromHours(2), NewYork, start);

        Assert.Equal(new SmsSendSkipped("skip: would arrive after the appointment"), result);
    }

    [Fact]
    public void A_message_moved_to_exactly_the_start_is_skipped_too()
    {
        var start = Local(NewYork, 2026, 3, 10, 8);

        Assert.IsType<SmsSendSkipped>(QuietHours.Default.NextAllowed(start - Duration.FromHours(2), NewYork, start));
    }

    [Fact]
    public void A_message_moved_but_still_before_the_start_is_sent_at_the_window_start()
    {
        var start = Local(NewYork, 2026, 3, 10, 9, 30);

        var result = QuietHours.Default.NextAllowed(start - Duration.FromHours(2), NewYork, start);

        Assert.Equal(new SmsSendAt(Local(NewYork, 2026, 3, 10, 8), Moved: true), result);
    }

    [Fact]
    public void A_window_start_inside_the_spring_forward_gap_resolves_to_the_first_instant_after_the_gap()
    {
        // New York skips 02:00-03:00 on 2026-03-08: a 02:30 window start never happens that day.
        var window = QuietHours.From(new LocalTime(2, 30), new LocalTime(21, 0)).Value;
        var due = Local(NewYork, 2026, 3, 8, 1, 15);

        var sendAt = window.NextAllowed(due, NewYork);

        Assert.Equal(Instant.FromUtc(2026, 3, 8, 7, 0), sendAt);
        Assert.Equal(new LocalDateTime(2026, 3, 8, 3, 0), sendAt.InZone(NewYork).LocalDateTime);
    }

    [Fact]
    public void A_window_start_inside_the_fall_back_fold_resolves_to_the_earlier_instant()
    {
        // New York repeats 01:00-02:00 on 2026-11-01: 01:30 happens at 05:30 UTC (EDT) and 06:30 UTC (EST).
        var window = QuietHours.From(new LocalTime(1, 30), new LocalTime(21, 0)).Value;
        var due = Instant.FromUtc(2026, 11, 1, 4, 0);

        Assert.Equal(Instant.FromUtc(2026, 11, 1, 5, 30), window.NextAllowed(due, NewYork));
    }

    [Fact]
    public void Due_during_the_second_pass_of_the_fold_the_later_window_start_is_next()
    {
        var window = QuietHours.From(new LocalTime(1, 30), new LocalTime(21, 0)).Value;
        var due = Instant.FromUtc(2026, 11, 1, 6, 15); // 01:15 EST, after the first 01:30 has passed

        Assert.Equal(Instant.FromUtc(2026, 11, 1, 6, 30), window.NextAllowed(due, NewYork));
    }

    [Fact]
    public void The_default_window_on_a_dst_day_is_eight_local()
    {
        var due = Local(NewYork, 2026, 3, 8, 1, 30);

        Assert.Equal(new LocalDateTime(2026, 3, 8, 8, 0), QuietHours.Default.NextAllowed(due, NewYork).InZone(NewYork).LocalDateTime);
    }

    [Theory]
    [InlineData(21, 8)]
    [InlineData(9, 9)]
    public void A_window_that_does_not_start_before_it_ends_is_refused(int from, int until) =>
        Assert.False(QuietHours.From(new LocalTime(from, 0), new LocalTime(until, 0)).IsValid);

    [Property]
    public Property The_send_time_is_never_early_and_always_inside_the_window() =>
        Prop.ForAll(Gen.Choose(0, 365 * 24 * 60).ToArbitrary(), minutes =>
        {
            var due = Instant.FromUtc(2026, 1, 1, 0, 0) + Duration.FromMinutes(minutes);
            var at = QuietHours.Default.NextAllowed(due, NewYork);
            return at >= due && QuietHours.Default.Allows(at, NewYork) && at - due < Duration.FromHours(12);
        });
}
