using System.Collections.Immutable;
using AutoShop.Domain.Customers;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>A repair shop and the booking rules that hold for all its resources.</summary>
public sealed class Shop
{
    public static readonly Duration DefaultSlotGranularity = Duration.FromMinutes(15);
    public static readonly Duration DefaultBookingHorizon = Duration.FromDays(60);
    public static readonly Duration DefaultMinimumNotice = Duration.FromHours(2);

    // Granularities that divide an hour keep the slot grid aligned across DST shifts (which move
    // clocks by whole hours in the zones we serve), so claims computed on either side agree.
    private static readonly int[] AllowedGranularityMinutes = [5, 10, 15, 20, 30, 60];

    private Shop(ShopId id, string name, DateTimeZone zone, string phoneRegion, WeeklyHours openingHours,
        ImmutableHashSet<LocalDate> closures, Duration granularity, Duration horizon, Duration notice)
    {
        Id = id;
        Name = name;
        Zone = zone;
        PhoneRegion = phoneRegion;
        OpeningHours = openingHours;
        Closures = closures;
        SlotGranularity = granularity;
        BookingHorizon = horizon;
        MinimumNotice = notice;
    }

    public ShopId Id { get; }

    public string Name { get; }

    public DateTimeZone Zone { get; }

    /// <summary>ISO 3166 country used to read phone numbers typed without a '+' prefix.</summary>
    public string PhoneRegion { get; }

    public WeeklyHours OpeningHours { get; }

    /// <summary>Local dates the shop is closed all day (holidays), whatever its weekly hours say.</summary>
    public ImmutableHashSet<LocalDate> Closures { get; }

    public Duration SlotGranularity { get; }

    public Duration BookingHorizon { get; }

    public Duration MinimumNotice { get; }

    public static Result<Shop, ValidationError> TryCreate(
        ShopId id, string? name, string? timeZoneId, string? phoneRegion, WeeklyHours openingHours,
        IEnumerable<LocalDate>? closures = null, Duration? slotGranularity = null,
        Duration? bookingHorizon = null, Duration? minimumNotice = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            return new ValidationError("name", "is required and must be at most 100 characters.");
        var zone = timeZoneId is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId);
        if (zone is null)
            return new ValidationError("timeZone", $"'{timeZoneId}' is not an IANA time zone such as America/New_York.");
        if (!PhoneNumber.IsSupportedRegion(phoneRegion))
            return new ValidationError("phoneRegion", $"'{phoneRegion}' is not an ISO country code such as US.");
        var granularity = slotGranularity ?? DefaultSlotGranularity;
        if (granularity.SubsecondTicks != 0 || granularity.Seconds != 0 || !AllowedGranularityMinutes.Contains((int)granularity.TotalMinutes))
            return new ValidationError("slotGranularity", $"must be one of {string.Join(", ", AllowedGranularityMinutes)} minutes.");
        var horizon = bookingHorizon ?? DefaultBookingHorizon;
        if (horizon <= Duration.Zero || horizon > Duration.FromDays(366))
            return new ValidationError("bookingHorizon", "must be between 1 day and 366 days.");
        var notice = minimumNotice ?? DefaultMinimumNotice;
        if (notice < Duration.Zero || notice >= horizon)
            return new ValidationError("minimumNotice", "must be zero or more and shorter than the booking horizon.");
        return new Shop(id, name.Trim(), zone, phoneRegion!.ToUpperInvariant(), openingHours,
            closures?.ToImmutableHashSet() ?? [], granularity, horizon, notice);
    }

    public bool IsClosedOn(LocalDate date) => Closures.Contains(date);

    /// <summary>The opening range that holds all of [start, end) on <paramref name="date"/>, if any.</summary>
    public LocalTimeRange? OpeningRangeCovering(LocalDate date, LocalTime start, LocalTime end) =>
        IsClosedOn(date) ? null : OpeningHours.On(date.DayOfWeek).FirstOrDefault(r => r.Contains(start, end));
}
