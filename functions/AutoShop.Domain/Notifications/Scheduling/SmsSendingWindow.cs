using NodaTime;

namespace AutoShop.Domain.Notifications;

/// <summary>One daily window judged in one zone.</summary>
public sealed record ZonedQuietHours(QuietHours Hours, DateTimeZone Zone)
{
    public bool Allows(Instant at) => Hours.Allows(at, Zone);

    public override string ToString() => $"{Hours} {Zone.Id}";
}

/// <summary>
/// When an SMS may arrive: inside all of its windows at once. Those are the shop's window in the
/// shop's zone and the recipient's (08:00-21:00, Florida numbers 08:00-20:00) in every zone the
/// recipient's number may be in, so a number whose area spans zones gets only the hours that are
/// allowed in each of them. When the number names no place, or its zones share no allowed hour
/// with the shop (a toll-free number, a country that spans half the globe), the recipient is
/// taken to be where the shop is, as before recipient zones were known.
/// </summary>
public sealed class SmsSendingWindow
{
    /// <summary>How far ahead to look for an instant every window allows; two daily windows that share one recur within a day.</summary>
    private static readonly Duration SearchHorizon = Duration.FromDays(3);

    /// <summary>Each pass moves to a later window start, of which three days hold a handful per window; this bounds the loop regardless.</summary>
    private const int MaxPasses = 200;

    private readonly IReadOnlyList<IReadOnlyList<ZonedQuietHours>> candidates;

    private SmsSendingWindow(IReadOnlyList<IReadOnlyList<ZonedQuietHours>> candidates) => this.candidates = candidates;

    public static SmsSendingWindow For(QuietHours shopHours, DateTimeZone shopZone, RecipientRegion recipient)
    {
        var recipientHours = recipient.Florida ? QuietHours.Florida : QuietHours.Default;
        var shop = new ZonedQuietHours(shopHours, shopZone);
        var candidates = new List<IReadOnlyList<ZonedQuietHours>>();
        if (recipient.Zones.Count > 0)
            candidates.Add([shop, .. recipient.Zones.Select(zone => new ZonedQuietHours(recipientHours, zone))]);
        candidates.Add([shop, new ZonedQuietHours(recipientHours, shopZone)]);
        // Options validation keeps the shop's window overlapping every recipient window; if it ever
        // does not, the recipient's legal hours win over the shop's preference.
        candidates.Add([new ZonedQuietHours(recipientHours, shopZone)]);
        return new SmsSendingWindow(candidates);
    }

    /// <summary>The windows that decide for a message due at <paramref name="due"/>: the first set that shares an instant.</summary>
    public IReadOnlyList<ZonedQuietHours> WindowsFor(Instant due) => Resolve(due).Windows;

    public bool Allows(Instant at) => WindowsFor(at).All(w => w.Allows(at));

    /// <summary>The first instant at or after <paramref name="due"/> that every window allows.</summary>
    public Instant NextAllowed(Instant due) => Resolve(due).At;

    /// <summary>
    /// When an SMS due at <paramref name="due"/> may be sent: right away if every window allows it,
    /// else at the next instant they all do; skipped if that is not before the appointment starts.
    /// </summary>
    public SmsSendTime NextAllowed(Instant due, Instant appointmentStart) => SmsSendTime.Fit(due, NextAllowed(due), appointmentStart);

    /// <summary>The windows that decided, for the delivery log: "08:00-21:00 America/New_York, 08:00-21:00 Pacific/Honolulu".</summary>
    public string Describe(Instant due) => string.Join(", ", WindowsFor(due));

    private (Instant At, IReadOnlyList<ZonedQuietHours> Windows) Resolve(Instant due)
    {
        foreach (var windows in candidates)
        {
            if (EarliestCommon(windows, due) is { } at) return (at, windows);
        }
        throw new InvalidOperationException("No SMS window allows any instant within three days."); // the last candidate is one daily window: unreachable
    }

    /// <summary>
    /// Walks forward from <paramref name="due"/>: while some window forbids the instant, jump to that
    /// window's next start. A window's next start is never later than the first instant all windows
    /// allow, so the first instant no window forbids is the earliest common one. DST gaps and folds
    /// are each window's <see cref="QuietHours.NextAllowed(Instant, DateTimeZone)"/> business.
    /// </summary>
    private static Instant? EarliestCommon(IReadOnlyList<ZonedQuietHours> windows, Instant due)
    {
        var at = due;
        for (var pass = 0; pass < MaxPasses && at - due <= SearchHorizon; pass++)
        {
            var blocking = windows.FirstOrDefault(w => !w.Allows(at));
            if (blocking is null) return at;
            var next = blocking.Hours.NextAllowed(at, blocking.Zone);
            if (next <= at) return null; // cannot happen for a forbidden instant; never loop on it
            at = next;
        }
        return null;
    }
}
