using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using NodaTime;

namespace AutoShop.Domain.JobCards;

/// <summary>A job card in plain values, for storage; <see cref="JobCard.Restore"/> turns it back.</summary>
public sealed record JobCardSnapshot(
    string AppointmentId, string ShopId, string Status, int AppointmentVersion, IReadOnlyList<string> AppliedEventIds, int Revision,
    DateTimeOffset Start, DateTimeOffset End, string LocalDate, string TechnicianId, string BayId, IReadOnlyList<string> Services,
    IReadOnlyList<LaborLineSnapshot> Labor, IReadOnlyList<PartsLineSnapshot> Parts, IReadOnlyList<PartSupplySnapshot> Supply,
    IReadOnlyList<string> NotifiedShortages, int NextLineNumber, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record LaborLineSnapshot(string Id, string Operation, string? ServiceCode, int EstimatedMinutes, IReadOnlyList<string> RequiredSkills, bool Manual);

public sealed record PartsLineSnapshot(string Id, string Sku, int Quantity, string? ServiceCode, bool Manual);

public sealed record PartSupplySnapshot(string Sku, int Needed, int Reserved, string Status, int? ShortQuantity, string? ShortageReason,
    DateTimeOffset? ExpectedArrival, string? ProcurementRequestId);

public sealed partial record JobCard
{
    public JobCardSnapshot ToSnapshot() => new(
        AppointmentId.Value, ShopId.Value, Status.ToString(), AppointmentVersion, [.. AppliedEventIds], Revision,
        Start.ToDateTimeOffset(), End.ToDateTimeOffset(), LocalDate.ToString("uuuu-MM-dd", null), TechnicianId.Value, BayId.Value,
        [.. Services.Select(s => s.Value)],
        [.. Labor.Select(l => new LaborLineSnapshot(l.Id, l.Operation, l.ServiceCode, l.EstimatedMinutes, [.. l.RequiredSkills], l.Manual))],
        [.. Parts.Select(p => new PartsLineSnapshot(p.Id, p.Sku.Value, p.Quantity, p.ServiceCode, p.Manual))],
        [.. Supply.Select(s => new PartSupplySnapshot(s.Sku.Value, s.Needed, s.Reserved, s.Status.ToString(), s.Shortage?.Quantity,
            s.Shortage?.Reason.ToString(), s.Shortage?.ExpectedArrival.ToDateTimeOffset(), s.ProcurementRequestId))],
        [.. NotifiedShortages], NextLineNumber, CreatedAt.ToDateTimeOffset(), UpdatedAt.ToDateTimeOffset());

    /// <summary>Rebuilds a stored card; stored values were valid when written, so a bad one is corruption and throws.</summary>
    public static JobCard Restore(JobCardSnapshot s) => new()
    {
        AppointmentId = Booking.AppointmentId.Parse(s.AppointmentId),
        ShopId = Booking.ShopId.Parse(s.ShopId),
        Status = Enum.Parse<JobCardStatus>(s.Status),
        AppointmentVersion = s.AppointmentVersion,
        AppliedEventIds = [.. s.AppliedEventIds],
        Revision = s.Revision,
        Start = Instant.FromDateTimeOffset(s.Start),
        End = Instant.FromDateTimeOffset(s.End),
        LocalDate = NodaTime.Text.LocalDatePattern.Iso.Parse(s.LocalDate).Value,
        TechnicianId = Booking.TechnicianId.Parse(s.TechnicianId),
        BayId = Booking.BayId.Parse(s.BayId),
        Services = [.. s.Services.Select(ServiceCode.Parse)],
        Labor = [.. s.Labor.Select(l => new LaborLine(l.Id, l.Operation, l.ServiceCode, l.EstimatedMinutes, [.. l.RequiredSkills], l.Manual))],
        Parts = [.. s.Parts.Select(p => new PartsLine(p.Id, Sku.Parse(p.Sku), p.Quantity, p.ServiceCode, p.Manual))],
        Supply = [.. s.Supply.Select(p => new PartSupply(Sku.Parse(p.Sku), p.Needed, p.Reserved, Enum.Parse<PartStatus>(p.Status),
            p.ShortQuantity is { } q ? new Shortage(q, Enum.Parse<ShortageReason>(p.ShortageReason!), Instant.FromDateTimeOffset(p.ExpectedArrival!.Value)) : null,
            p.ProcurementRequestId))],
        NotifiedShortages = ImmutableSortedSet.Create(StringComparer.Ordinal, [.. s.NotifiedShortages]),
        NextLineNumber = s.NextLineNumber,
        CreatedAt = Instant.FromDateTimeOffset(s.CreatedAt),
        UpdatedAt = Instant.FromDateTimeOffset(s.UpdatedAt),
    };
}
