using System.Text.RegularExpressions;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Domain.Reporting;

/// <summary>What KPIs need of one stored appointment: small, so a year of a busy shop fits in memory.</summary>
public sealed record AppointmentFact(
    AppointmentId Id, TechnicianId Technician, Instant Start, Instant End, int LaborMinutes, Instant CreatedAt,
    AppointmentStatus Status, Instant? CancelledAt, ActorKind? CancelledBy, ReasonCode? CancellationReason)
{
    public static AppointmentFact From(Appointment a) =>
        new(a.Id, a.Resources.TechnicianId, a.Start, a.End, a.LaborMinutes, a.CreatedAt, a.Status,
            a.Cancellation?.At, a.Cancellation?.By.Kind, a.Cancellation?.Reason);

    public Interval Interval => new(Start, End);
}

/// <summary>What KPIs need of one stored audit record of an appointment change.</summary>
public sealed record ChangeFact(AppointmentId AppointmentId, AuditAction Action, Instant At, ActorKind ActorKind, ReasonCode? Reason, SlotSummary? Before)
{
    public static ChangeFact? From(AuditRecord record) =>
        record.AppointmentId is { } id ? new ChangeFact(id, record.Action, record.At, record.Actor.Kind, record.Reason, SlotSummary.TryParse(record.Before)) : null;
}

/// <summary>
/// The slot an audit summary describes (<c>status=…; start=…; end=…; services=…; technician=… bay=…</c>,
/// as the appointment writes it), or null when the summary is empty or in another shape.
/// </summary>
public sealed partial record SlotSummary(TechnicianId Technician, Instant Start, Instant End)
{
    public Interval Interval => new(Start, End);

    public static SlotSummary? TryParse(string? summary)
    {
        if (string.IsNullOrEmpty(summary) || Shape().Match(summary) is not { Success: true } m) return null;
        var start = InstantPattern.ExtendedIso.Parse(m.Groups["start"].Value);
        var end = InstantPattern.ExtendedIso.Parse(m.Groups["end"].Value);
        var tech = TechnicianId.TryParse(m.Groups["tech"].Value);
        return start.Success && end.Success && tech.IsSuccess && start.Value < end.Value
            ? new SlotSummary(tech.Value, start.Value, end.Value)
            : null;
    }

    [GeneratedRegex(@"(?:^|; )start=(?<start>[^;]+); end=(?<end>[^;]+);.*?\btechnician=(?<tech>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
