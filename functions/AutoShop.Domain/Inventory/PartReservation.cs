using AutoShop.Domain.Booking;

namespace AutoShop.Domain.Inventory;

/// <summary>What one job card needs of one part and how much of that the shelf holds for it.</summary>
public sealed record PartReservation(Sku Sku, int Needed, int Reserved)
{
    public static PartReservation None(Sku sku) => new(sku, 0, 0);

    public int Shortfall => Needed - Reserved;

    public bool IsCovered => Shortfall == 0;
}

/// <summary>The stock and reservation after a decision; <see cref="Changed"/> says whether anything must be written.</summary>
public sealed record ReservationDecision(StockLevel Stock, PartReservation Reservation, bool Changed);

/// <summary>
/// Decides how much of a part a job card holds. Increases are all or nothing: a job that cannot get
/// every unit it needs does not sit on the few that are there, so another job can still complete.
/// Decreases release the surplus at once. Deciding again with the same need changes nothing, which is
/// what makes a redelivered event or a retried request harmless.
/// </summary>
public static class Reservations
{
    public static ReservationDecision Decide(StockLevel stock, PartReservation current, int needed)
    {
        if (needed < 0) throw new ArgumentOutOfRangeException(nameof(needed), "A need cannot be negative.");
        if (current.Sku != stock.Sku) throw new ArgumentException("The reservation is for another part.", nameof(current));
        var reserved = needed <= current.Reserved || needed - current.Reserved <= stock.Available ? needed : current.Reserved;
        var next = new PartReservation(stock.Sku, needed, reserved);
        var changed = next != current;
        return new ReservationDecision(changed ? stock.WithReserved(reserved - current.Reserved) : stock, next, changed);
    }
}
