namespace AutoShop.Functions.Notifications.Delivery;

public sealed record DeliveryView(string Kind, string Label, int Version, string Channel, string Outcome, string? Reason,
    DateTimeOffset At, DateTimeOffset? DueAt, string? Detail, int Attempts);

/// <summary>One planned reminder (or follow-up): when it was due and what became of it on each channel.</summary>
public sealed record ScheduledView(string Kind, string Label, int Version, DateTimeOffset? DueAt, string Status, IReadOnlyDictionary<string, string> Channels);

/// <summary>"Why didn't this customer get a reminder?" — every message planned, sent, skipped, dropped or failed, with its reason.</summary>
public sealed record DeliveryReport(string AppointmentId, IReadOnlyList<ScheduledView> Scheduled, IReadOnlyList<DeliveryView> Entries)
{
    /// <summary>The report of an appointment's delivery log: each entry in time order, and each planned message with its outcome per channel.</summary>
    public static DeliveryReport From(string appointmentId, IEnumerable<DeliveryEntry> log)
    {
        var entries = log.OrderBy(e => e.At).ThenBy(e => Rank(e.Outcome)).ToList();
        var scheduled = entries.Where(e => e.Kind is "reminder" or "follow-up")
            .GroupBy(e => e.DedupeKey)
            .Select(g =>
            {
                var plan = g.Where(e => e.Channel == "any").OrderBy(e => Rank(e.Outcome)).LastOrDefault();
                var channels = g.Where(e => e.Channel != "any").GroupBy(e => e.Channel)
                    .ToDictionary(c => c.Key, c => Describe(c.OrderBy(e => Rank(e.Outcome)).Last()));
                var first = plan ?? g.First();
                var status = plan is { Outcome: DeliveryOutcome.Skipped or DeliveryOutcome.Dropped } ? Describe(plan)
                    : channels.Count == 0 ? DeliveryOutcome.Planned
                    : channels.Values.Contains(DeliveryOutcome.Sent) ? DeliveryOutcome.Sent
                    : string.Join(", ", channels.Values.Distinct());
                return new ScheduledView(first.Kind, first.Label, first.Version, first.DueAt, status, channels);
            })
            .OrderBy(s => s.Version).ThenBy(s => s.DueAt)
            .ToList();
        return new DeliveryReport(appointmentId, scheduled,
            [.. entries.Select(e => new DeliveryView(e.Kind, e.Label, e.Version, e.Channel, e.Outcome, e.Reason, e.At, e.DueAt, e.Detail, e.Attempts))]);
    }

    private static string Describe(DeliveryEntry e) => e.Reason is null ? e.Outcome : $"{e.Outcome}: {e.Reason}";

    /// <summary>Later stages outrank earlier ones when several outcomes share a moment.</summary>
    private static int Rank(string outcome) => outcome switch
    {
        DeliveryOutcome.Planned => 0,
        DeliveryOutcome.Deferred => 1,
        DeliveryOutcome.Failed => 2,
        DeliveryOutcome.Undelivered => 3,
        DeliveryOutcome.Skipped or DeliveryOutcome.Dropped => 4,
        DeliveryOutcome.Sent => 5,
        _ => 0,
    };
}
