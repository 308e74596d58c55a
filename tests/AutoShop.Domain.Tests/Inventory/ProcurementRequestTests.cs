using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using NodaTime;

namespace AutoShop.Domain.Tests.Inventory;

public sealed class ProcurementRequestTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 12, 0);

    private static ProcurementRequest Open() => ProcurementRequest.Open("pr-1", ShopId.Parse("main"), Sku.Parse("BAT-H6"), Now);

    [Fact]
    public void Linked_job_cards_add_up_and_the_earliest_start_is_the_need_by_date()
    {
        var request = Open().Link("a", 1, Now + Duration.FromDays(5), Now).Value.Link("b", 2, Now + Duration.FromDays(2), Now).Value;

        Assert.Equal(3, request.Quantity);
        Assert.Equal(Now + Duration.FromDays(2), request.NeededBy);
    }

    [Fact]
    public void Linking_the_same_card_again_does_not_count_it_twice()
    {
        var once = Open().Link("a", 1, Now, Now).Value;

        var twice = once.Link("a", 1, Now, Now).Value;

        Assert.Same(once, twice);
        Assert.Equal(1, twice.Quantity);
    }

    [Fact]
    public void An_ordered_request_takes_no_new_links()
    {
        var ordered = Open().Link("a", 1, Now, Now).Value.MoveTo(ProcurementStatus.Ordered, Now).Value;

        Assert.True(ordered.Link("b", 1, Now, Now).IsFailure);
    }

    [Theory]
    [InlineData(ProcurementStatus.Open, ProcurementStatus.Received, false)]
    [InlineData(ProcurementStatus.Open, ProcurementStatus.Ordered, true)]
    [InlineData(ProcurementStatus.Ordered, ProcurementStatus.Received, true)]
    [InlineData(ProcurementStatus.Ordered, ProcurementStatus.Cancelled, true)]
    [InlineData(ProcurementStatus.Received, ProcurementStatus.Cancelled, false)]
    public void Status_moves_only_forward(ProcurementStatus from, ProcurementStatus to, bool allowed)
    {
        var request = from switch
        {
            ProcurementStatus.Open => Open(),
            ProcurementStatus.Ordered => Open().MoveTo(ProcurementStatus.Ordered, Now).Value,
            _ => Open().MoveTo(ProcurementStatus.Ordered, Now).Value.MoveTo(from, Now).Value,
        };

        Assert.Equal(allowed, request.MoveTo(to, Now).IsSuccess);
    }
}
