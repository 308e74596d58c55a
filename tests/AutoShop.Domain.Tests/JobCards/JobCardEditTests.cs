using AutoShop.Domain.Booking;
using AutoShop.Domain.JobCards;
using static AutoShop.Domain.Tests.JobCards.JobCardFixtures;

namespace AutoShop.Domain.Tests.JobCards;

public sealed class JobCardEditTests
{
    private static readonly Actor Staff = Actor.Staff("lee");
    private static readonly ReasonCode Reason = ReasonCode.Parse("customer-request");

    [Fact]
    public void Adding_a_part_line_is_audited_and_makes_that_part_pending_again()
    {
        var card = Booked().WithSupply(AllReserved(Booked()), Now);

        var edited = card.Edit(new AddPartsLine(Sku.Parse("WPR-BLADE-22"), 2), Staff, Reason, Now).Value;

        Assert.Contains(edited.Card.Parts, p => p.Sku.Value == "WPR-BLADE-22" && p.Quantity == 2 && p.Manual);
        Assert.Equal(JobCardStatus.Draft, edited.Card.Status);
        Assert.Equal(PartsReadiness.Pending, edited.Card.Readiness);
        Assert.Equal("jobcard.line-added", edited.Audit.Action);
        Assert.Equal(Reason, edited.Audit.Reason);
        Assert.Equal(Staff, edited.Audit.Actor);
        Assert.Null(edited.Audit.Before);
        Assert.Contains("WPR-BLADE-22", edited.Audit.After);
    }

    [Fact]
    public void Changing_a_parts_quantity_records_before_and_after()
    {
        var card = Booked();
        var line = card.Parts.Single(p => p.Sku.Value == "REFR-R1234YF");

        var edited = card.Edit(new ChangeLine(line.Id, 3, null, null), Staff, Reason, Now).Value;

        Assert.Equal(3, edited.Card.Needs[Sku.Parse("REFR-R1234YF")]);
        Assert.Contains("x2", edited.Audit.Before);
        Assert.Contains("x3", edited.Audit.After);
    }

    [Fact]
    public void Removing_a_labor_line_keeps_the_others()
    {
        var card = Booked();

        var edited = card.Edit(new RemoveLine(card.Labor[0].Id), Staff, Reason, Now).Value;

        Assert.Equal(["A/C evacuate and recharge"], edited.Card.Labor.Select(l => l.Operation));
        Assert.Equal("jobcard.line-removed", edited.Audit.Action);
    }

    [Fact]
    public void Manual_lines_survive_a_reschedule()
    {
        var edited = Booked().Edit(new AddLaborLine("Inspect wipers", 10, ["tires"]), Staff, Reason, Now).Value.Card;

        var moved = edited.Apply(Facts(2, "rescheduled", Monday9 + NodaTime.Duration.FromDays(1)), Catalog, EventId(2), Now).Card;

        Assert.Contains(moved.Labor, l => l.Operation == "Inspect wipers" && l.Manual);
    }

    [Fact]
    public void An_unknown_line_is_not_found()
    {
        var refused = Booked().Edit(new RemoveLine("L99"), Staff, Reason, Now);

        Assert.Equal(EditRefusalKind.LineNotFound, refused.Error.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void A_quantity_outside_the_limits_is_invalid(int quantity)
    {
        var refused = Booked().Edit(new AddPartsLine(Sku.Parse("BAT-H6"), quantity), Staff, Reason, Now);

        Assert.Equal(EditRefusalKind.Invalid, refused.Error.Kind);
        Assert.Equal("quantity", refused.Error.Field);
    }

    [Fact]
    public void A_voided_card_cannot_be_edited()
    {
        var voided = Booked().Apply(Facts(2, "cancelled", active: false), Catalog, EventId(2), Now).Card;

        var refused = voided.Edit(new AddPartsLine(Sku.Parse("BAT-H6"), 1), Staff, Reason, Now);

        Assert.Equal(EditRefusalKind.Voided, refused.Error.Kind);
    }

    [Fact]
    public void A_card_takes_no_more_than_the_line_limit()
    {
        var card = Booked();
        while (card.Labor.Length + card.Parts.Length < JobCard.MaxLines)
            card = card.Edit(new AddPartsLine(Sku.Parse("BAT-H6"), 1), Staff, Reason, Now).Value.Card;

        var refused = card.Edit(new AddLaborLine("One more", 5, []), Staff, Reason, Now);

        Assert.Equal(("lines", EditRefusalKind.Invalid), (refused.Error.Field, refused.Error.Kind));
    }
}
