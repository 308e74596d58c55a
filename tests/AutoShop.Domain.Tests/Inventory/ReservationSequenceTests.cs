using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;

namespace AutoShop.Domain.Tests.Inventory;

public sealed class ReservationSequenceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void No_sequence_of_needs_and_deliveries_drives_available_below_zero_or_loses_a_unit(int seed)
    {
        var random = new Random(seed);
        var sku = Sku.Parse("BAT-H6");
        var stock = StockLevel.TryCreate(sku, "Battery", 3, 0, 1, "Volt", 4).Value;
        var cards = Enumerable.Range(0, 5).Select(_ => PartReservation.None(sku)).ToArray();

        for (var step = 0; step < 500; step++)
        {
            if (random.Next(6) == 0)
            {
                stock = stock.Receive(random.Next(1, 3)).Value;
                continue;
            }
            var card = random.Next(cards.Length);
            var decision = Reservations.Decide(stock, cards[card], random.Next(0, 4));
            (stock, cards[card]) = (decision.Stock, decision.Reservation);

            Assert.InRange(stock.Available, 0, stock.OnHand);
            Assert.Equal(stock.Reserved, cards.Sum(c => c.Reserved));
            Assert.All(cards, c => Assert.InRange(c.Reserved, 0, c.Needed));
        }
    }
}
