using System.ComponentModel.DataAnnotations;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Reporting;

/// <summary>Settings of KPIs, exports and the ops dashboard (section <c>Reporting</c>, e.g. <c>Reporting__DailyDropLocalTime</c>).</summary>
public sealed class ReportingOptions : IValidatableObject
{
    public const string Section = "Reporting";

    /// <summary>A cancellation or release closer than this to the start is "late". Shops have no policy setting for it yet.</summary>
    public double LateCancellationHours { get; set; } = 24;

    /// <summary>Shop-local time after which the previous day's CSVs are dropped to blob storage, <c>HH:mm</c>.</summary>
    public string DailyDropLocalTime { get; set; } = "02:00";

    /// <summary>Most days one timer run drops per shop when catching up after an outage; the rest follow on later runs.</summary>
    public int MaxCatchUpDays { get; set; } = 31;

    /// <summary>HMAC key for dashboard links (at least 32 characters). Without it, links cannot be minted.</summary>
    public string? DashboardSigningKey { get; set; }

    /// <summary>The key before the last rotation: links it signed stay valid until they expire.</summary>
    public string? DashboardPreviousSigningKey { get; set; }

    public TimeSpan DashboardLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public Duration LateWindow => Duration.FromTicks((long)(LateCancellationHours * TimeSpan.TicksPerHour));

    /// <summary>The parsed drop time; validation at start refuses a value that does not parse, so midnight is never silently used.</summary>
    public LocalTime DropTime => TimePattern.Parse(DailyDropLocalTime ?? "") is { Success: true } parsed ? parsed.Value : LocalTime.Midnight;

    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LateCancellationHours is < 0 or > 24 * 14)
            yield return new ValidationResult("Reporting__LateCancellationHours must be between 0 and 336.", [nameof(LateCancellationHours)]);
        if (!TimePattern.Parse(DailyDropLocalTime ?? "").Success)
            yield return new ValidationResult("Reporting__DailyDropLocalTime must be a local time like 02:00.", [nameof(DailyDropLocalTime)]);
        if (MaxCatchUpDays is < 1 or > 366)
            yield return new ValidationResult("Reporting__MaxCatchUpDays must be between 1 and 366.", [nameof(MaxCatchUpDays)]);
        foreach (var (name, key) in new[] { (nameof(DashboardSigningKey), DashboardSigningKey), (nameof(DashboardPreviousSigningKey), DashboardPreviousSigningKey) })
            if (key is { Length: > 0 and < 32 })
                yield return new ValidationResult($"Reporting__{name} must be at least 32 characters.", [name]);
        if (DashboardLinkLifetime < TimeSpan.FromMinutes(1) || DashboardLinkLifetime > TimeSpan.FromHours(24))
            yield return new ValidationResult("Reporting__DashboardLinkLifetime must be between 00:01:00 and 24:00:00.", [nameof(DashboardLinkLifetime)]);
    }
}
