using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Tests.Audit;

public class AuditRecordTests
{
    internal static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    internal static AuditRecord Record(string sourceKey = "test:1", string action = "cancelled", string? reason = "customer-request",
        Instant? at = null, string before = "status=booked", string after = "status=cancelled") =>
        AuditRecord.TryCreate(ShopId.Parse("main"), NewYork, AppointmentId.Parse("20260302-abcdefghijkm-main"), null, Actor.Staff("s-1"),
            at ?? Instant.FromUtc(2026, 3, 2, 15, 0), AuditAction.Parse(action), reason is null ? null : ReasonCode.Parse(reason),
            before, after, "corr-12345678", sourceKey).OrThrow();

    [Theory]
    [InlineData("booked", "created")]
    [InlineData("marked-no-show", "no-show")]
    [InlineData(" Stock-Adjusted ", "stock-adjusted")]
    [InlineData("exception-expired", "exception-expired")]
    public void Actions_come_from_the_vocabulary_or_the_booking_aggregates_words_for_them(string text, string canonical)
    {
        Assert.Equal(canonical, AuditAction.Parse(text).Value);
    }

    [Fact]
    public void An_unknown_action_is_rejected_listing_the_known_ones()
    {
        var result = AuditAction.TryParse("deleted");

        Assert.Equal("action", result.Error.Field);
        Assert.Contains("stock-adjusted", result.Error.Message);
    }

    [Fact]
    public void Every_action_has_a_description()
    {
        Assert.Equal(18, AuditAction.Vocabulary.Count);
        Assert.All(AuditAction.Vocabulary, a => Assert.False(string.IsNullOrWhiteSpace(a.Value)));
    }

    [Fact]
    public void A_record_keeps_the_shop_local_time_with_its_offset_either_side_of_a_dst_change()
    {
        Assert.Equal("2026-03-07T10:00:00-05", Record(at: Instant.FromUtc(2026, 3, 7, 15, 0)).LocalAt.ToString("yyyy-MM-ddTHH:mm:sso<+HH>", null));
        Assert.Equal("2026-03-09T11:00:00-04", Record(at: Instant.FromUtc(2026, 3, 9, 15, 0)).LocalAt.ToString("yyyy-MM-ddTHH:mm:sso<+HH>", null));
    }

    [Fact]
    public void Times_are_kept_to_the_100_ns_tick_storage_keeps()
    {
        var record = Record(at: Instant.FromUnixTimeTicks(1_000_000_000) + Duration.FromNanoseconds(99));

        Assert.Equal(Instant.FromUnixTimeTicks(1_000_000_000), record.At);
    }

    [Theory]
    [InlineData("")]
    [InlineData("line\nbreak")]
    public void A_record_needs_a_usable_source_key(string sourceKey)
    {
        var result = AuditRecord.TryCreate(ShopId.Parse("main"), NewYork, null, null, Actor.System("timer"), Instant.FromUtc(2026, 3, 2, 15, 0),
            AuditAction.StockAdjusted, null, "", "", null, sourceKey);

        Assert.Equal("sourceKey", result.Error.Field);
    }

    [Fact]
    public void Summaries_longer_than_the_limit_are_refused()
    {
        var result = AuditRecord.TryCreate(ShopId.Parse("main"), NewYork, null, "sku:OIL", Actor.Staff("s"), Instant.FromUtc(2026, 3, 2, 15, 0),
            AuditAction.StockAdjusted, ReasonCode.Parse("stock-received"), new string('x', AuditRecord.MaxSummaryLength + 1), "", null, "k");

        Assert.Equal("before", result.Error.Field);
    }
}
