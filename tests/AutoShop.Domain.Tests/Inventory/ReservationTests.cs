using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using NodaTime;

namespace AutoShop.Domain.Tests.Inventory;

public sealed class ReservationTests
{
    private static readonly Sku Refrigerant = Sku.Parse("REFR-R1234YF");

    private static StockLevel Stock(int onHand, int reserved = 0, int leadTimeDays = 2) =>
        StockLevel.TryCreate(Refrigerant, "R-1234yf", onHand, reserved, 1, "CoolParts", leadTimeDays).Value;

    [Fact]
    public void A_need_that_fits_is_reserved_whole()
    {
        var decision = Reservations.Decide(Stock(3), PartReservation.None(Refrigerant), 2);

        Assert.True(decision.Changed);
        Assert.Equal(2, decision.Reservation.Reserved);
        Assert.Equal(1, decision.Stock.Available);
    }

    [Fact]
    public void A_need_larger_than_what_is_available_reserves_nothing_and_leaves_the_units_for_others()
    {
        var decision = Reservations.Decide(Stock(1), PartReservation.None(Refrigerant), 2);

        Assert.Equal(0, decision.Reservation.Reserved);
        Assert.Equal(2, decision.Reservation.Shortfall);
        Assert.Equal(1, decision.Stock.Available);
    }

    [Fact]
    public void Deciding_the_same_need_again_changes_nothing()
    {
        var first = Reservations.Decide(Stock(3), PartReservation.None(Refrigerant), 2);

        var again = Reservations.Decide(first.Stock, first.Reservation, 2);

        Assert.False(again.Changed);
        Assert.Equal(1, again.Stock.Available);
    }

    [Fact]
    public void A_smaller_need_releases_the_surplus()
    {
        var first = Reservations.Decide(Stock(3), PartReservation.None(Refrigerant), 2);

        var released = Reservations.Decide(first.Stock, first.Reservation, 0);

        Assert.Equal(0, released.Reservation.Reserved);
        Assert.Equal(3, released.Stock.Available);
    }

    [Fact]
    public void A_grown_need_that_no_longer_fits_keeps_what_it_held()
    {
        var first = Reservations.Decide(Stock(3), PartReservation.None(Refrigerant), 2);

        var grown = Reservations.Decide(first.Stock, first.Reservation, 5);

        Assert.Equal(2, grown.Reservation.Reserved);
        Assert.Equal(3, grown.Reservation.Shortfall);
    }

    [Fact]
    public void The_last_unit_goes_to_exactly_one_of_two_job_cards()
    {
        var stock = Stock(1);

        var first = Reservations.Decide(stock, PartReservation.None(Refrigerant), 1);
        var second = Reservations.Decide(first.Stock, PartReservation.None(Refrigerant), 1);

        Assert.Equal(1, first.Reservation.Reserved);
        Assert.Equal(0, second.Reservation.Reserved);
        Assert.Equal(0, second.Stock.Available);
    }

    [Fact]
    public void Stock_cannot_be_adjusted_below_what_is_reserved()
    {
        var held = Reservations.Decide(Stock(2), PartReservation.None(Refrigerant), 2).Stock;

        Assert.True(held.Adjust(-1).IsFailure);
        Assert.Equal(5, held.Receive(3).Value.OnHand);
    }

    [Fact]
    public void A_shortage_whose_lead_time_ends_after_the_start_is_a_lead_time_shortage()
    {
        var now = Instant.FromUtc(2026, 3, 2, 12, 0);

        var late = Shortage.Assess(2, leadTimeDays: 10, now, now + Duration.FromDays(3));
        var inTime = Shortage.Assess(2, leadTimeDays: 1, now, now + Duration.FromDays(3));

        Assert.Equal(ShortageReason.LeadTime, late!.Reason);
        Assert.Equal(now + Duration.FromDays(10), late.ExpectedArrival);
        Assert.Equal(ShortageReason.OutOfStock, inTime!.Reason);
        Assert.Null(Shortage.Assess(0, 10, now, now));
    }
}
