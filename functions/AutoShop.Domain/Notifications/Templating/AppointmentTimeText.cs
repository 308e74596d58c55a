using NodaTime;
using NodaTime.Text;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// How appointment times read in each language. Patterns are fixed here rather than taken from
/// the culture's defaults so a runtime or ICU upgrade cannot silently reword every message;
/// only month and day names come from the culture.
/// </summary>
internal sealed class AppointmentTimeText
{
    private static readonly OffsetPattern OffsetFormat = OffsetPattern.CreateWithInvariantCulture("+HH:mm");

    private readonly LocalDateTimePattern full;
    private readonly LocalDatePattern date;
    private readonly LocalTimePattern time;

    private AppointmentTimeText(Language language, string fullPattern, string datePattern, string timePattern)
    {
        full = LocalDateTimePattern.Create(fullPattern, language.Culture);
        date = LocalDatePattern.Create(datePattern, language.Culture);
        time = LocalTimePattern.Create(timePattern, language.Culture);
    }

    private static readonly AppointmentTimeText English =
        new(Language.En, "dddd, MMMM d, yyyy 'at' h:mm tt", "dddd, MMMM d, yyyy", "h:mm tt");

    private static readonly AppointmentTimeText Spanish =
        new(Language.Es, "dddd, d 'de' MMMM 'de' yyyy, H:mm", "dddd, d 'de' MMMM 'de' yyyy", "H:mm");

    public static AppointmentTimeText For(Language language) => language == Language.Es ? Spanish : English;

    /// <summary>"Tuesday, March 10, 2026 at 9:30 AM" / "martes, 10 de marzo de 2026, 9:30".</summary>
    public string Full(ZonedDateTime at) => full.Format(at.LocalDateTime);

    /// <summary>"Tuesday, March 10, 2026" / "martes, 10 de marzo de 2026".</summary>
    public string Date(ZonedDateTime at) => date.Format(at.Date);

    /// <summary>"9:30 AM" / "9:30".</summary>
    public string Time(ZonedDateTime at) => time.Format(at.TimeOfDay);

    /// <summary>The zone's abbreviation at that moment (EDT in summer, EST in winter).</summary>
    public static string ZoneAbbreviation(ZonedDateTime at) => at.GetZoneInterval().Name;

    /// <summary>"UTC-04:00".</summary>
    public static string UtcOffset(ZonedDateTime at) => "UTC" + OffsetFormat.Format(at.Offset);
}
