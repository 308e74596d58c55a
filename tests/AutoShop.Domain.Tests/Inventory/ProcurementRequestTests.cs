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
        var a = Open().Link(null, 1, Now + Duration.FromDays(5), Now).Value;
        var b = a.Request.Link(null, 2, Now + Duration.FromDays(2), Now).Value;

        var demand = new ProcurementDemand(b.Request, [new("a", a.Need!), new("b", b.Need!)]);

        Assert.Equal((2, 3), (b.Request.LinkCount, demand.Quantity));
        Assert.Equal(Now + Duration.FromDays(2), demand.NeededBy);
    }

    [Fact]
    public void Linking_the_same_card_again_does_not_count_it_twice()
    {
        var once = Open().Link(null, 1, Now, Now).Value;

        var twice = once.Request.Link(once.Need, 1, Now, Now).Value;

        Assert.False(twice.Changed);
        Assert.Same(once.Request, twice.Request);
        Assert.Equal(1, twice.Request.LinkCount);
    }

    [Fact]
    public void A_changed_shortfall_updates_the_link_without_counting_the_card_again()
    {
        var once = Open().Link(null, 1, Now, Now).Value;

        var more = once.Request.Link(once.Need, 3, Now + Duration.FromDays(1), Now).Value;

        Assert.True(more.Changed);
        Assert.Equal((1, new ProcurementNeed(3, Now + Duration.FromDays(1))), (more.Request.LinkCount, more.Need));
    }

    [Fact]
    public void Unlinking_one_of_two_cards_keeps_the_request_open_and_the_last_one_cancels_it()
    {
        var a = Open().Link(null, 1, Now, Now).Value;
        var b = a.Request.Link(null, 1, Now, Now).Value;

        var first = b.Request.Unlink(a.Need, Now).Value;
        var last = first.Request.Unlink(b.Need, Now).Value;

        Assert.Equal((1, ProcurementStatus.Open, null), (first.Request.LinkCount, first.Request.Status, first.Need));
        Assert.Equal((0, ProcurementStatus.Cancelled), (last.Request.LinkCount, last.Request.Status));
    }

    [Fact]
    public void Unlinking_a_card_that_is_not_linked_changes_nothing()
    {
        var a = Open().Link(null, 1, Now, Now).Value;

        var none = a.Request.Unlink(null, Now).Value;

        Assert.False(none.Changed);
        Assert.Equal((1, ProcurementStatus.Open), (none.Request.LinkCount, none.Request.Status));
    }

    [Fact]
    public void An_ordered_request_takes_no_new_links()
    {
        var ordered = Open().Link(null, 1, Now, Now).Value.Request.MoveTo(ProcurementStatus.Ordered, Now).Value;

        Assert.True(ordered.Link(null, 1, Now, Now).IsFailure);
        Assert.True(ordered.Unlink(new ProcurementNeed(1, Now), Now).IsFailure);
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
