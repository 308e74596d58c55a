using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Domain.Booking;

public enum ClaimKind
{
    Technician,
    Bay,
    ToolUnit,
    DailyCap,
}

/// <summary>
/// One row storage inserts to hold a resource. Two jobs that overlap on a resource always
/// produce a claim with the same <see cref="Key"/>, so the second insert fails and with it the
/// whole booking transaction — across any number of app instances.
/// <list type="bullet">
/// <item>Time claims: one per slot-granularity bucket the job covers, labelled by the bucket's
/// UTC start — <c>tech_{id}_{yyyyMMddTHHmmZ}</c>, <c>bay_{id}_{…}</c>, <c>tool_{type}_{unit}_{…}</c>.</item>
/// <item>Daily-cap claims: the technician's cap is cut into ordinals of one slot each; a job
/// claims as many as it has slots, the lowest still free — <c>cap_{techId}_{yyyyMMdd}_{nnn}</c>.
/// Two concurrent bookings that together would pass the cap pick the same ordinals and collide.</item>
/// </list>
/// Ids are [a-z0-9-], so '_' separates the parts unambiguously, and no part holds a character
/// Azure Table keys forbid.
/// </summary>
public sealed record ResourceClaim
{
    private static readonly InstantPattern BucketPattern = InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmm'Z'");
    private static readonly LocalDatePattern DayPattern = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    private ResourceClaim(ClaimKind kind, string resourceId, int? unit, Instant? bucket, LocalDate? day, int? ordinal)
    {
        Kind = kind;
        ResourceId = resourceId;
        Unit = unit;
        Bucket = bucket;
        Day = day;
        Ordinal = ordinal;
        Key = kind switch
        {
            ClaimKind.Technician => $"tech_{resourceId}_{BucketPattern.Format(bucket!.Value)}",
            ClaimKind.Bay => $"bay_{resourceId}_{BucketPattern.Format(bucket!.Value)}",
            ClaimKind.ToolUnit => $"tool_{resourceId}_{unit!.Value.ToString(CultureInfo.InvariantCulture)}_{BucketPattern.Format(bucket!.Value)}",
            _ => $"cap_{resourceId}_{DayPattern.Format(day!.Value)}_{ordinal!.Value.ToString("D3", CultureInfo.InvariantCulture)}",
        };
    }

    public ClaimKind Kind { get; }

    /// <summary>Technician id, bay id or tool type.</summary>
    public string ResourceId { get; }

    /// <summary>The tool unit index, for <see cref="ClaimKind.ToolUnit"/>.</summary>
    public int? Unit { get; }

    /// <summary>UTC start of the bucket, for time claims.</summary>
    public Instant? Bucket { get; }

    /// <summary>The shop-local date whose cap is counted, for <see cref="ClaimKind.DailyCap"/>.</summary>
    public LocalDate? Day { get; }

    /// <summary>Which slot of the daily cap, for <see cref="ClaimKind.DailyCap"/>.</summary>
    public int? Ordinal { get; }

    /// <summary>Stable and safe as an Azure Table RowKey.</summary>
    public string Key { get; }

    public static ResourceClaim ForTechnician(TechnicianId id, Instant bucket) => new(ClaimKind.Technician, id.Value, null, bucket, null, null);

    public static ResourceClaim ForBay(BayId id, Instant bucket) => new(ClaimKind.Bay, id.Value, null, bucket, null, null);

    public static ResourceClaim ForToolUnit(ToolUnit unit, Instant bucket) => new(ClaimKind.ToolUnit, unit.Type.Value, unit.Index, bucket, null, null);

    public static ResourceClaim ForDailyCap(TechnicianId id, LocalDate day, int ordinal) => new(ClaimKind.DailyCap, id.Value, null, null, day, ordinal);

    public override string ToString() => Key;
}
