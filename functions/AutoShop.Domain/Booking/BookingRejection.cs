using System.Collections.Immutable;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Domain.Booking;

/// <summary>
/// Why a requested job or start cannot be booked. Each names the request field at fault so the
/// HTTP layer can answer with a field-level problem detail without knowing the rules.
/// </summary>
public abstract record BookingRejection(string Field, string Message)
{
    private protected static string Local(LocalDateTime value) =>
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm").Format(value);
}

public sealed record NoServicesRequested()
    : BookingRejection("serviceCodes", "Name at least one service to book.");

public sealed record UnknownService(ServiceCode Code)
    : BookingRejection("serviceCodes", $"'{Code}' is not in this shop's service catalog.");

/// <summary>The services must share one bay for the whole job, so they must all need the same bay type.</summary>
public sealed record ConflictingBayTypes(ImmutableArray<BayType> BayTypes)
    : BookingRejection("serviceCodes", $"These services need different bay types ({string.Join(", ", BayTypes)}); book them as separate appointments.");

public sealed record NoQualifiedTechnician(ImmutableArray<Skill> Skills)
    : BookingRejection("serviceCodes", $"No technician at this shop holds all of: {string.Join(", ", Skills)}.");

/// <summary>The claims the job would write do not fit one storage transaction next to the appointment, audit and outbox rows.</summary>
public sealed record JobTooLong(int ClaimCount, int MaxClaims)
    : BookingRejection("serviceCodes", $"This job needs {ClaimCount} resource claims but one booking can hold at most {MaxClaims}; split it into separate appointments.");

public sealed record InDstGap(LocalDateTime Requested, string ZoneId)
    : BookingRejection("start", $"{Local(Requested)} does not exist in {ZoneId}: clocks skip that hour when daylight saving time starts.");

public sealed record NotOnSlotGrid(LocalDateTime Requested, Duration Granularity)
    : BookingRejection("start", $"{Local(Requested)} is not a bookable start; starts fall every {Granularity.TotalMinutes:0} minutes from midnight.");

public sealed record TooSoon(Instant Requested, Instant Earliest)
    : BookingRejection("start", $"Bookings need more notice; the earliest start is {Earliest}.");

public sealed record BeyondHorizon(Instant Requested, Instant Latest)
    : BookingRejection("start", $"Bookings open only up to {Latest}; choose an earlier start.");

public sealed record ShopClosed(LocalDate Date)
    : BookingRejection("start", $"The shop is closed on {Date:uuuu-MM-dd}.");

public sealed record OutsideOpeningHours(LocalDateTime Start, LocalDateTime End)
    : BookingRejection("start", $"A job from {Local(Start)} to {Local(End)} does not fit within one stretch of opening hours.");

/// <summary>Every rule allows the start but no technician, bay or tool is free for it; nearby starts that are free come along.</summary>
public sealed record NoCapacity(ImmutableArray<AvailabilityOffer> Alternatives)
    : BookingRejection("start", Alternatives.IsEmpty
        ? "No technician, bay and tools are free for that start, and none nearby."
        : "No technician, bay and tools are free for that start; see the suggested alternatives.");

public sealed record InvalidWindow(Instant From, Instant To)
    : BookingRejection("to", "The search window must end after it starts.");
