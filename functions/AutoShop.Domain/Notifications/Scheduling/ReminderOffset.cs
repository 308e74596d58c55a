using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>How long before the appointment a reminder goes out, written like "24h", "2h" or "1h30m".</summary>
public sealed partial record ReminderOffset : IComparable<ReminderOffset>
{
    /// <summary>A reminder further ahead than this is no longer a reminder.</summary>
    public static readonly Duration Longest = Duration.FromDays(30);

    private ReminderOffset(Duration beforeStart) => BeforeStart = beforeStart;

    public static IReadOnlyList<ReminderOffset> Defaults { get; } = [FromDuration(Duration.FromHours(24)).Value, FromDuration(Duration.FromHours(2)).Value];

    public Duration BeforeStart { get; }

    /// <summary>"24h", "2h", "1h30m", "45m"; whole days from two on read "2d", "7d".</summary>
    public string Label
    {
        get
        {
            var minutes = (long)BeforeStart.TotalMinutes;
            if (minutes % 1440 == 0 && minutes / 1440 >= 2)
                return $"{minutes / 1440}d";
            var hours = minutes / 60 > 0 ? $"{minutes / 60}h" : "";
            var rest = minutes % 60 > 0 ? $"{minutes % 60}m" : "";
            return hours + rest;
        }
    }

    public static Validated<ReminderOffset> FromDuration(Duration beforeStart)
    {
        if (beforeStart < Duration.FromMinutes(1))
            return Validated<ReminderOffset>.Invalid("a reminder must go out at least a minute before the appointment.");
        if (beforeStart > Longest)
            return Validated<ReminderOffset>.Invalid($"a reminder can go out at most {Longest.Days} days before the appointment.");
        if (beforeStart.SubsecondTicks != 0 || beforeStart.Seconds != 0)
            return Validated<ReminderOffset>.Invalid("a reminder offset is a whole number of minutes.");
        return Validated<ReminderOffset>.Valid(new ReminderOffset(beforeStart));
    }

    /// <summary>Reads a label such as "24h", "90m", "1h30m" or "2d".</summary>
    public static Validated<ReminderOffset> Parse(string? label)
    {
        var match = LabelPattern().Match(label?.Trim() ?? "");
        if (!match.Success || match.Length == 0)
            return Validated<ReminderOffset>.Invalid("write an offset like 24h, 2h, 90m or 1h30m.");

        static long Part(Match m, string name) =>
            m.Groups[name].Success ? long.Parse(m.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;

        var minutes = (Part(match, "d") * 24 + Part(match, "h")) * 60 + Part(match, "m");
        return minutes > Longest.TotalMinutes
            ? Validated<ReminderOffset>.Invalid($"a reminder can go out at most {Longest.Days} days before the appointment.")
            : FromDuration(Duration.FromMinutes(minutes));
    }

    public int CompareTo(ReminderOffset? other) => other is null ? 1 : BeforeStart.CompareTo(other.BeforeStart);

    public override string ToString() => Label;

    [GeneratedRegex(@"^(?:(?<d>\d{1,3})d)?(?:(?<h>\d{1,4})h)?(?:(?<m>\d{1,5})m)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();
}
