using System.Collections.Immutable;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.SelfService;

/// <summary>What the customer may do alone, and until when; beyond it they may ask staff for an exception.</summary>
public sealed record PolicyRules(Duration RescheduleWindow, Duration CancelWindow, int MaxSelfReschedules)
{
    public static readonly PolicyRules Default = new(Duration.FromHours(24), Duration.FromHours(24), 2);

    public static Result<PolicyRules, ValidationError> TryCreate(double rescheduleWindowHours, double cancelWindowHours, int maxSelfReschedules)
    {
        if (rescheduleWindowHours is < 0 or > 24 * 30) return new ValidationError("rescheduleWindowHours", "must be between 0 and 720.");
        if (cancelWindowHours is < 0 or > 24 * 30) return new ValidationError("cancelWindowHours", "must be between 0 and 720.");
        if (maxSelfReschedules is < 0 or > 20) return new ValidationError("maxSelfReschedules", "must be between 0 and 20.");
        return new PolicyRules(Duration.FromHours(rescheduleWindowHours), Duration.FromHours(cancelWindowHours), maxSelfReschedules);
    }
}

/// <summary>A shop's self-service policy, optionally stricter or looser for particular services.</summary>
public sealed record SelfServicePolicy(PolicyRules Shop, ImmutableDictionary<ServiceCode, PolicyRules> PerService)
{
    public static readonly SelfServicePolicy Default = new(PolicyRules.Default, ImmutableDictionary<ServiceCode, PolicyRules>.Empty);

    /// <summary>With several services the strictest rule of each kind applies.</summary>
    public PolicyRules For(IEnumerable<ServiceCode> services)
    {
        var rules = services.Select(s => PerService.GetValueOrDefault(s, Shop)).DefaultIfEmpty(Shop).ToList();
        return new PolicyRules(rules.Max(r => r.RescheduleWindow), rules.Max(r => r.CancelWindow), rules.Min(r => r.MaxSelfReschedules));
    }

    public PolicyVerdict CheckReschedule(Appointment appointment, Instant now)
    {
        if (appointment.Status != AppointmentStatus.Booked || now >= appointment.Start) return PolicyVerdict.NotChangeable;
        var rules = For(appointment.ServiceCodes);
        if (appointment.RescheduleCount >= rules.MaxSelfReschedules) return PolicyVerdict.TooManyReschedules;
        return appointment.Start - now < rules.RescheduleWindow ? PolicyVerdict.InsideWindow : PolicyVerdict.Allowed;
    }

    public PolicyVerdict CheckCancel(Appointment appointment, Instant now)
    {
        if (appointment.Status != AppointmentStatus.Booked || now >= appointment.Start) return PolicyVerdict.NotChangeable;
        return appointment.Start - now < For(appointment.ServiceCodes).CancelWindow ? PolicyVerdict.InsideWindow : PolicyVerdict.Allowed;
    }
}

public enum PolicyVerdict
{
    Allowed,
    /// <summary>Too close to the start: the customer may request an exception.</summary>
    InsideWindow,
    /// <summary>The self-service reschedule limit is used up: the customer may request an exception.</summary>
    TooManyReschedules,
    /// <summary>Cancelled, started or finished: nothing to change.</summary>
    NotChangeable,
}
