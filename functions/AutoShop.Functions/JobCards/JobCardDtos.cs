using AutoShop.Domain;
using AutoShop.Domain.JobCards;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Documents;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.JobCards;

public sealed record LaborLineDto(string Id, string Operation, string? ServiceCode, int EstimatedMinutes, IReadOnlyList<string> RequiredSkills, bool Manual);

public sealed record PartsLineDto(string Id, string Sku, int Quantity, string? ServiceCode, bool Manual, string Status);

public sealed record ShortageDto(int Quantity, string Reason, ShopTime ExpectedArrival);

public sealed record PartSupplyDto(string Sku, int Needed, int Reserved, string Status, ShortageDto? Shortage, string? ProcurementRequestId);

public sealed record JobCardDto(
    string AppointmentId, string ShopId, string Status, string Readiness, int AppointmentVersion, int Revision,
    ShopTime Start, ShopTime End, string TechnicianId, string BayId, int EstimatedMinutes,
    IReadOnlyList<LaborLineDto> Labor, IReadOnlyList<PartsLineDto> Parts, IReadOnlyList<PartSupplyDto> PartsSupply,
    IReadOnlyList<DocumentDto> Documents, IReadOnlyList<string> AppliedEventIds, string UpdatedAt)
{
    public static JobCardDto From(JobCard c, DateTimeZone zone, IEnumerable<DocumentInfo> documents)
    {
        var supply = c.Supply.ToDictionary(s => s.Sku);
        return new JobCardDto(c.AppointmentId.Value, c.ShopId.Value, Wire(c.Status), Wire(c.Readiness), c.AppointmentVersion, c.Revision,
            ShopTime.Of(c.Start, zone), ShopTime.Of(c.End, zone), c.TechnicianId.Value, c.BayId.Value, c.EstimatedMinutes,
            [.. c.Labor.Select(l => new LaborLineDto(l.Id, l.Operation, l.ServiceCode, l.EstimatedMinutes, [.. l.RequiredSkills], l.Manual))],
            [.. c.Parts.Select(p => new PartsLineDto(p.Id, p.Sku.Value, p.Quantity, p.ServiceCode, p.Manual,
                c.Status == JobCardStatus.Voided ? "released" : Wire(supply.GetValueOrDefault(p.Sku)?.Status ?? PartStatus.Pending)))],
            [.. c.Supply.Select(s => new PartSupplyDto(s.Sku.Value, s.Needed, s.Reserved, Wire(s.Status),
                s.Shortage is { } x ? new ShortageDto(x.Quantity, Wire(x.Reason), ShopTime.Of(x.ExpectedArrival, zone)) : null, s.ProcurementRequestId))],
            [.. documents.Select(DocumentDto.From)], [.. c.AppliedEventIds], InstantPattern.ExtendedIso.Format(c.UpdatedAt));
    }

    private static string Wire<T>(T value) where T : struct, Enum => AppointmentDto.Wire(value);
}

public sealed record JobCardSummaryDto(string AppointmentId, string Status, string Readiness, ShopTime Start, string TechnicianId, string BayId,
    int EstimatedMinutes, IReadOnlyList<string> ShortParts, IReadOnlyList<string> PartsOnOrder)
{
    public static JobCardSummaryDto From(JobCard c, DateTimeZone zone) => new(c.AppointmentId.Value, AppointmentDto.Wire(c.Status),
        AppointmentDto.Wire(c.Readiness), ShopTime.Of(c.Start, zone), c.TechnicianId.Value, c.BayId.Value, c.EstimatedMinutes,
        [.. c.Supply.Where(s => s.Status == PartStatus.Short).Select(s => s.Sku.Value)],
        [.. c.Supply.Where(s => s.Status == PartStatus.OnOrder).Select(s => s.Sku.Value)]);
}

public sealed record JobCardDayDto(string ShopId, string Date, string TimeZone, IReadOnlyList<JobCardSummaryDto> JobCards);

/// <summary>Adds a line: <c>kind</c> is <c>labor</c> (operation, estimatedMinutes, requiredSkills) or <c>part</c> (sku, quantity).</summary>
public sealed record AddLineRequest(string? Kind, string? Operation, int? EstimatedMinutes, IReadOnlyList<string>? RequiredSkills,
    string? Sku, int? Quantity, string? ReasonCode)
{
    /// <summary>The line to add; the card itself judges minutes, quantity and operation, so only the kind and a part's SKU are refused here.</summary>
    public Result<LineEdit, ValidationError> ToEdit() => Kind?.Trim().ToLowerInvariant() switch
    {
        "labor" => new AddLaborLine(Operation ?? "", EstimatedMinutes ?? 0, RequiredSkills ?? []),
        "part" => Domain.Booking.Sku.TryParse(Sku).TryGetValue(out var sku, out _)
            ? new AddPartsLine(sku, Quantity ?? 0)
            : new ValidationError("sku", "is required: A-Z, 0-9 and '-'."),
        _ => new ValidationError("kind", "must be 'labor' or 'part'."),
    };
}

/// <summary>Changes a line: quantity for a part; estimatedMinutes and/or operation for labor.</summary>
public sealed record ChangeLineRequest(int? Quantity, int? EstimatedMinutes, string? Operation, string? ReasonCode);
