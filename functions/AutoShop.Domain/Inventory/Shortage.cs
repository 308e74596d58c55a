using NodaTime;

namespace AutoShop.Domain.Inventory;

public enum ShortageReason
{
    /// <summary>Not enough on the shelf, but a delivery ordered now would arrive before the appointment.</summary>
    OutOfStock,

    /// <summary>Not enough on the shelf, and the supplier's lead time ends after the appointment starts.</summary>
    LeadTime,
}

/// <summary>A part a job card cannot cover from stock: how many are missing and when a delivery ordered now would arrive.</summary>
public sealed record Shortage(int Quantity, ShortageReason Reason, Instant ExpectedArrival)
{
    /// <summary>Judges an uncovered need against the supplier's lead time and the appointment start.</summary>
    public static Shortage? Assess(int shortfall, int leadTimeDays, Instant now, Instant neededBy)
    {
        if (shortfall <= 0) return null;
        var arrival = now + Duration.FromDays(leadTimeDays);
        return new Shortage(shortfall, arrival > neededBy ? ShortageReason.LeadTime : ShortageReason.OutOfStock, arrival);
    }
}
