using static AutoShop.Functions.Tests.Notifications.NotificationHarness;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>Quiet hours are the recipient's: the New York demo shop texting a Hawaii number (five hours behind in November).</summary>
public sealed class SmsQuietHoursFlowTests
{
    private const string HawaiiPhone = "+18085550123";

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_hawaii_number_gets_no_sms_before_eight_in_honolulu_though_the_shop_is_open()
    {
        // 09:00 in New York, 04:00 in Honolulu. The appointment is 14:00 New York, 09:00 Honolulu.
        await using var harness = await StartAsync(Utc(25, 14));
        var email = NewEmail();
        var id = await harness.BookAsync("2026-11-25T14:00", email, HawaiiPhone);

        var booked = await harness.DeliveriesUntilAsync(id, r => Has(r, "confirmation", "email", "sent") && Has(r, "confirmation", "sms", "deferred"),
            "the confirmation emailed and its SMS deferred");
        var deferred = booked.Entries.Single(e => e is { Kind: "confirmation", Channel: "sms", Outcome: "deferred" });
        Assert.Equal(Utc(25, 18), deferred.DueAt); // 08:00 in Honolulu
        Assert.Contains("Pacific/Honolulu", deferred.Detail);
        Assert.Empty(await harness.SmsToAsync(HawaiiPhone));

        harness.AdvanceTo(Utc(25, 17)); // the 2 h reminder: 12:00 in New York, 07:00 in Honolulu
        var reminded = await harness.DeliveriesUntilAsync(id, r => Has(r, "reminder", "email", "sent", "2h") && Has(r, "reminder", "sms", "deferred", "2h"),
            "the 2 h reminder emailed and its SMS deferred");
        Assert.Equal(Utc(25, 18), reminded.Entries.Single(e => e is { Kind: "reminder", Channel: "sms", Outcome: "deferred" }).DueAt);
        Assert.Empty(await harness.SmsToAsync(HawaiiPhone));

        harness.AdvanceTo(Utc(25, 18));
        var texts = await harness.SmsUntilAsync(HawaiiPhone, m => m.Count == 2, "both held texts at 08:00 in Honolulu");
        Assert.Equal(["confirmation", "reminder"], texts.Select(t => t.Tag).Order(StringComparer.Ordinal));
        Assert.All(texts, t => Assert.True(t.SentAt >= Utc(25, 18), $"{t.Tag} sent at {t.SentAt:u}"));
    }
}
