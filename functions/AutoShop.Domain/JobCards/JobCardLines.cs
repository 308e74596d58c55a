using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using NodaTime;

namespace AutoShop.Domain.JobCards;

public enum JobCardStatus
{
    /// <summary>Prepared from the booking; parts are not all on the shelf for it yet.</summary>
    Draft,

    /// <summary>Every part it needs is reserved.</summary>
    Ready,

    /// <summary>The appointment was cancelled (or missed); its reservations are released.</summary>
    Voided,
}

public enum PartStatus
{
    /// <summary>Not checked against stock since the line changed.</summary>
    Pending,
    Reserved,
    Short,

    /// <summary>Short, and the parts desk has ordered it.</summary>
    OnOrder,
}

public enum PartsReadiness
{
    Ready,
    Pending,
    Short,
    OnOrder,
}

/// <summary>A labor operation: a booked service or work staff added.</summary>
public sealed record LaborLine(string Id, string Operation, string? ServiceCode, int EstimatedMinutes, ImmutableArray<string> RequiredSkills, bool Manual)
{
    public override string ToString() => $"labor {Id} '{Operation}' {EstimatedMinutes} min";
}

/// <summary>A part the work uses: from a booked service's parts list or added by staff.</summary>
public sealed record PartsLine(string Id, Sku Sku, int Quantity, string? ServiceCode, bool Manual)
{
    public override string ToString() => $"part {Id} {Sku} x{Quantity}";
}

/// <summary>How the card's need of one part stands against stock.</summary>
public sealed record PartSupply(Sku Sku, int Needed, int Reserved, PartStatus Status, Shortage? Shortage, string? ProcurementRequestId)
{
    public static PartSupply Pending(Sku sku, int needed) => new(sku, needed, 0, PartStatus.Pending, null, null);
}

/// <summary>The facts of an appointment as one of its events carries them.</summary>
public sealed record AppointmentFacts(
    AppointmentId AppointmentId, ShopId ShopId, int Version, string Change, Instant Start, Instant End, LocalDate LocalDate,
    TechnicianId TechnicianId, BayId BayId, ImmutableArray<ServiceCode> Services, bool Active);

/// <summary>An appended audit entry for a job card change.</summary>
public sealed record JobCardAudit(AppointmentId AppointmentId, ShopId ShopId, int Revision, string Action, Actor Actor, ReasonCode? Reason,
    string? Before, string? After, Instant At);
