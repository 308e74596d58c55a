using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AutoShop.Domain.Notifications;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Notifications;

/// <summary>
/// How customer notifications are timed. Everything has a default; a shop can override its
/// reminder offsets, quiet hours and contact details under <c>Notifications:Shops:{shopId}</c>.
/// </summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string Section = "Notifications";

    private static readonly LocalTimePattern ClockTime = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>Comma-separated offsets before the start, e.g. <c>24h,2h</c> or <c>2d,1h30m</c>.</summary>
    public string ReminderOffsets { get; set; } = "24h,2h";

    /// <summary>How long after completion the follow-up goes out.</summary>
    public TimeSpan FollowUpDelay { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Shop-local time from which SMS may arrive (inclusive): the end of the night's quiet hours. A
    /// message also waits for the recipient's own hours (08:00-21:00, Florida 08:00-20:00, in the
    /// zones of their number), so this can only make the window narrower.
    /// </summary>
    public string SmsAllowedFrom { get; set; } = "08:00";

    /// <summary>Shop-local time from which SMS are held back until <see cref="SmsAllowedFrom"/> the next day.</summary>
    public string SmsAllowedUntil { get; set; } = "21:00";

    /// <summary>
    /// The longest real visibility delay one timer hop uses (never more than the queue's 7 days).
    /// Tests set it to a fraction of a second: due times are judged against the injected clock on
    /// arrival, so a message that comes back early is simply queued again.
    /// </summary>
    public TimeSpan MaxRealDelay { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a send claim protects an in-flight send before another delivery may take it over.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Quick attempts per send inside one try (for a blip); then the send waits for its next try (<see cref="BackoffFirstDelay"/>).</summary>
    [Range(1, 10, ErrorMessage = "Notifications__SendAttempts must be between 1 and 10.")]
    public int SendAttempts { get; set; } = 3;

    /// <summary>First delay between the quick in-invocation attempts; it doubles (with jitter) after each.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Who keyword replies (HELP, opt-out and opt-in confirmations) come from when the number has no
    /// booking with any shop; otherwise they name the shop of the latest booking.
    /// </summary>
    public string SmsProgramName { get; set; } = "AutoShop";

    /// <summary>
    /// After a try failed for a passing reason, how long until the next: it doubles after each try up to
    /// <see cref="BackoffMaxDelay"/>. The wait is a queue message's visibility delay (real time).
    /// </summary>
    public TimeSpan BackoffFirstDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two tries of one send (at most 7 days, one queue hop).</summary>
    public TimeSpan BackoffMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long after its first failure a send is tried again before it is given up as undelivered (for
    /// staff to see and retry). Measured on the app's clock.
    /// </summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The later-try schedule these settings describe (validated at start).</summary>
    public SendBackoff Backoff => ParseBackoff().Value;

    private Validated<SendBackoff> ParseBackoff() =>
        SendBackoff.From(Duration.FromTimeSpan(BackoffFirstDelay), Duration.FromTimeSpan(BackoffMaxDelay), Duration.FromTimeSpan(GiveUpAfter));

    public Dictionary<string, ShopNotificationOptions> Shops { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<ReminderOffset> OffsetsFor(string shopId) =>
        ParseOffsets(Shops.GetValueOrDefault(shopId)?.ReminderOffsets ?? ReminderOffsets).Value;

    public QuietHours QuietHoursFor(string shopId)
    {
        var shop = Shops.GetValueOrDefault(shopId);
        return ParseQuietHours(shop?.SmsAllowedFrom ?? SmsAllowedFrom, shop?.SmsAllowedUntil ?? SmsAllowedUntil).Value;
    }

    public static Validated<IReadOnlyList<ReminderOffset>> ParseOffsets(string? text)
    {
        var offsets = new List<ReminderOffset>();
        foreach (var label in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parsed = ReminderOffset.Parse(label);
            if (!parsed.TryGetValue(out var offset, out var error))
                return Validated<IReadOnlyList<ReminderOffset>>.Invalid($"'{label}': {error}");
            offsets.Add(offset);
        }
        return Validated<IReadOnlyList<ReminderOffset>>.Valid(offsets);
    }

    public static Validated<QuietHours> ParseQuietHours(string allowedFrom, string allowedUntil)
    {
        var from = ClockTime.Parse(allowedFrom?.Trim() ?? "");
        var until = ClockTime.Parse(allowedUntil?.Trim() ?? "");
        if (!from.Success || !until.Success)
            return Validated<QuietHours>.Invalid("quiet hours are shop-local times like 08:00 and 21:00.");
        return QuietHours.From(from.Value, until.Value);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var shops = Shops.Select(s => (Prefix: $"{Section}__Shops__{s.Key}__", s.Value.ReminderOffsets, s.Value.SmsAllowedFrom, s.Value.SmsAllowedUntil));
        foreach (var (prefix, offsets, from, until) in shops.Prepend(($"{Section}__", ReminderOffsets, SmsAllowedFrom, SmsAllowedUntil)))
        {
            if (offsets is not null && ParseOffsets(offsets).Error is { } offsetError)
                yield return new ValidationResult($"{prefix}ReminderOffsets: {offsetError}", [nameof(ReminderOffsets)]);
            if ((from ?? until) is null) continue;
            var quiet = ParseQuietHours(from ?? SmsAllowedFrom, until ?? SmsAllowedUntil);
            if (quiet.Error is { } quietError)
                yield return new ValidationResult($"{prefix}SmsAllowedFrom/SmsAllowedUntil: {quietError}", [nameof(SmsAllowedUntil)]);
            else if (!quiet.Value.Overlaps(QuietHours.Florida))
                yield return new ValidationResult(
                    $"{prefix}SmsAllowedFrom/SmsAllowedUntil: the window must share some time with 08:00-20:00, the strictest recipient window, or no SMS could ever go out.",
                    [nameof(SmsAllowedUntil)]);
        }
        if (string.IsNullOrWhiteSpace(SmsProgramName) || SmsProgramName.Length > 40)
            yield return new ValidationResult($"{Section}__SmsProgramName must be 1 to 40 characters.", [nameof(SmsProgramName)]);
        if (FollowUpDelay < TimeSpan.Zero || FollowUpDelay > TimeSpan.FromDays(90))
            yield return new ValidationResult($"{Section}__FollowUpDelay must be between 0 and 90 days.", [nameof(FollowUpDelay)]);
        if (MaxRealDelay <= TimeSpan.Zero || MaxRealDelay > QueueHops.LongestHop.ToTimeSpan())
            yield return new ValidationResult($"{Section}__MaxRealDelay must be more than 0 and at most 7 days.", [nameof(MaxRealDelay)]);
        if (ClaimLease < TimeSpan.FromSeconds(1))
            yield return new ValidationResult($"{Section}__ClaimLease must be at least a second.", [nameof(ClaimLease)]);
        if (ParseBackoff().Error is { } backoffError)
            yield return new ValidationResult($"{Section}__BackoffFirstDelay/BackoffMaxDelay/GiveUpAfter: {backoffError}", [nameof(BackoffFirstDelay)]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"offsets={ReminderOffsets}, quiet={SmsAllowedUntil}-{SmsAllowedFrom}");
}

/// <summary>One shop's notification details. Contact details appear in messages and as the calendar organizer.</summary>
public sealed class ShopNotificationOptions
{
    public string? Phone { get; set; }
    public string? Address { get; set; }
    /// <summary>The shop's address customers may write to; defaults to the sender address (<c>Email:From</c>).</summary>
    public string? Email { get; set; }
    public string? ReminderOffsets { get; set; }
    public string? SmsAllowedFrom { get; set; }
    public string? SmsAllowedUntil { get; set; }
}
