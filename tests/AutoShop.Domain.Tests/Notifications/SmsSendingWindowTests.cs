using AutoShop.Domain.Notifications;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using DomainPhoneNumber = AutoShop.Domain.Customers.PhoneNumber;

namespace AutoShop.Domain.Tests.Notifications;

/// <summary>A New York shop (08:00-21:00 its time) texting people elsewhere.</summary>
public class SmsSendingWindowTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static SmsSendingWindow ShopTexting(string phone) =>
        SmsSendingWindow.For(QuietHours.Default, NewYork, RecipientRegion.Of(DomainPhoneNumber.Parse(phone, "US")));

    private const string Hawaii = "+18085550123";
    private const string NewYorker = "+12125550123";
    private const string Miami = "+13055550123";
    private const string Panhandle = "+18505550123";
    private const string Idaho = "+12085550123";
    private const string London = "+442071234567";
    private const string TollFree = "+18005550123";

    [Theory]
    // 09:00 in New York is 04:00 in Honolulu: it waits for 08:00 there (13:00 in New York).
    [InlineData(Hawaii, "2026-11-25T14:00:00Z", "2026-11-25T18:00:00Z")]
    // 16:30 in Honolulu is 21:30 in New York: the shop's window is closed, so 08:00 Honolulu the next day.
    [InlineData(Hawaii, "2026-11-26T02:30:00Z", "2026-11-26T18:00:00Z")]
    [InlineData(Hawaii, "2026-11-25T20:00:00Z", "2026-11-25T20:00:00Z")]
    [InlineData(NewYorker, "2026-11-25T14:00:00Z", "2026-11-25T14:00:00Z")]
    // 20:15 is fine for a New Yorker, past Florida's 20:00 for a Miami number.
    [InlineData(NewYorker, "2026-11-25T01:15:00Z", "2026-11-25T01:15:00Z")]
    [InlineData(Miami, "2026-11-25T01:15:00Z", "2026-11-25T13:00:00Z")]
    // The panhandle is Eastern and Central: 08:30 Eastern is 07:30 Central, so 09:00 Eastern; and it ends at 20:00 Eastern.
    [InlineData(Panhandle, "2026-11-25T13:30:00Z", "2026-11-25T14:00:00Z")]
    [InlineData(Panhandle, "2026-11-26T00:59:00Z", "2026-11-26T00:59:00Z")]
    [InlineData(Panhandle, "2026-11-26T01:00:00Z", "2026-11-26T14:00:00Z")]
    // Idaho is Mountain and Pacific: 10:30 in New York is 07:30 Pacific, so 08:00 Pacific.
    [InlineData(Idaho, "2026-11-25T15:30:00Z", "2026-11-25T16:00:00Z")]
    // 16:30 in New York is 21:30 in London: London's 08:00 is New York's 03:00, so the shop's 08:00.
    [InlineData(London, "2026-11-25T21:30:00Z", "2026-11-26T13:00:00Z")]
    // A toll-free number names no place: the shop's zone stands in, as before.
    [InlineData(TollFree, "2026-11-25T12:00:00Z", "2026-11-25T13:00:00Z")]
    public void An_sms_waits_for_the_first_instant_both_the_shop_and_the_recipient_allow(string phone, string due, string expected)
    {
        var at = ShopTexting(phone).NextAllowed(InstantPattern.Parse(due));

        Assert.Equal(InstantPattern.Parse(expected), at);
    }

    [Fact]
    public void The_log_can_say_which_windows_decided() =>
        Assert.Equal("08:00-21:00 America/New_York, 08:00-21:00 Pacific/Honolulu", ShopTexting(Hawaii).Describe(InstantPattern.Parse("2026-11-25T14:00:00Z")));

    [Fact]
    public void A_recipient_whose_zones_share_no_hour_is_taken_to_be_where_the_shop_is()
    {
        // London, Shanghai and Los Angeles have no hour in common between 08:00 and 21:00.
        var zones = new[] { "Europe/London", "Asia/Shanghai", "America/Los_Angeles" }.Select(id => DateTimeZoneProviders.Tzdb[id]).ToList();
        var window = SmsSendingWindow.For(QuietHours.Default, NewYork, new RecipientRegion(zones, Florida: false));
        var due = InstantPattern.Parse("2026-11-25T11:00:00Z"); // 06:00 in New York

        Assert.Equal(InstantPattern.Parse("2026-11-25T13:00:00Z"), window.NextAllowed(due));
        Assert.All(window.WindowsFor(due), w => Assert.Equal(NewYork, w.Zone));
    }

    [Fact]
    public void The_shop_and_recipient_overlap_moves_when_only_the_shop_changes_to_summer_time()
    {
        // Honolulu keeps no DST: the shop's 21:00 is 16:00 there in winter and 15:00 from 8 March 2026.
        var window = ShopTexting(Hawaii);
        var saturdayWinter = InstantPattern.Parse("2026-03-08T01:30:00Z"); // 15:30 HST on 7 March, 20:30 EST
        var mondaySummer = InstantPattern.Parse("2026-03-10T01:30:00Z"); // 15:30 HST on 9 March, 21:30 EDT

        Assert.True(window.Allows(saturdayWinter));
        Assert.False(window.Allows(mondaySummer));
        Assert.Equal(InstantPattern.Parse("2026-03-10T18:00:00Z"), window.NextAllowed(mondaySummer)); // 08:00 HST
    }

    [Fact]
    public void A_florida_number_on_the_fall_back_night_waits_for_eight_local()
    {
        // New York falls back on 1 November 2026; 00:30 EDT is 04:30 UTC and 08:00 EST is 13:00 UTC.
        Assert.Equal(InstantPattern.Parse("2026-11-01T13:00:00Z"), ShopTexting(Miami).NextAllowed(InstantPattern.Parse("2026-11-01T04:30:00Z")));
    }

    [Fact]
    public void A_reminder_moved_by_the_recipients_window_still_goes_if_it_lands_before_the_appointment()
    {
        var start = InstantPattern.Parse("2026-11-25T19:00:00Z"); // 09:00 in Honolulu

        var result = ShopTexting(Hawaii).NextAllowed(start - Duration.FromHours(2), start);

        Assert.Equal(new SmsSendAt(InstantPattern.Parse("2026-11-25T18:00:00Z"), Moved: true), result);
    }

    [Fact]
    public void A_reminder_the_recipients_window_would_move_to_the_appointment_start_is_skipped()
    {
        var start = InstantPattern.Parse("2026-11-25T18:00:00Z"); // 08:00 in Honolulu

        Assert.Equal(new SmsSendSkipped(SmsSendSkipped.AfterAppointment), ShopTexting(Hawaii).NextAllowed(start - Duration.FromHours(2), start));
    }

    [Property(MaxTest = 60)]
    public Property The_send_time_is_the_earliest_minute_every_window_allows() =>
        Prop.ForAll(Gen.Choose(0, 365 * 24 * 60).ToArbitrary(), Gen.Elements(Hawaii, NewYorker, Miami, Panhandle, Idaho, London, TollFree).ToArbitrary(),
            (minutes, phone) =>
            {
                var window = ShopTexting(phone);
                var due = Instant.FromUtc(2026, 1, 1, 0, 0) + Duration.FromMinutes(minutes);
                var at = window.NextAllowed(due);
                var earlier = Enumerable.Range(0, (int)(at - due).TotalMinutes).Select(m => due + Duration.FromMinutes(m));
                return at >= due && window.Allows(at) && at - due < Duration.FromDays(1) && !earlier.Any(window.Allows);
            });

    private static class InstantPattern
    {
        public static Instant Parse(string text) => NodaTime.Text.InstantPattern.General.Parse(text).Value;
    }
}
