using System.Collections.Immutable;
using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>A person who performs jobs: what they can do, when they work, and how much labor they may be booked for in a day.</summary>
public sealed class Technician
{
    private Technician(TechnicianId id, string name, ImmutableHashSet<Skill> skills, WeeklyHours shifts,
        ImmutableArray<TimeOff> timeOff, Duration? dailyCap)
    {
        Id = id;
        Name = name;
        Skills = skills;
        Shifts = shifts;
        TimeOff = timeOff;
        DailyCap = dailyCap;
    }

    public TechnicianId Id { get; }

    public string Name { get; }

    public ImmutableHashSet<Skill> Skills { get; }

    public WeeklyHours Shifts { get; }

    public ImmutableArray<TimeOff> TimeOff { get; }

    /// <summary>Most booked labor per local day, or null for no limit beyond the shift.</summary>
    public Duration? DailyCap { get; }

    public static Result<Technician, ValidationError> TryCreate(TechnicianId id, string? name, IEnumerable<Skill> skills,
        WeeklyHours shifts, IEnumerable<TimeOff>? timeOff = null, Duration? dailyCap = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            return new ValidationError("name", "is required and must be at most 100 characters.");
        if (dailyCap is { } cap && (cap <= Duration.Zero || cap > Duration.FromHours(24)))
            return new ValidationError("dailyCap", "must be more than zero and at most 24 hours.");
        return new Technician(id, name.Trim(), skills.ToImmutableHashSet(), shifts, timeOff?.ToImmutableArray() ?? [], dailyCap);
    }

    public bool HasAllSkills(IEnumerable<Skill> required) => required.All(Skills.Contains);
}
