using System.Collections.Frozen;

namespace AutoShop.Domain.Audit;

/// <summary>
/// What an audit record says happened, from a controlled vocabulary so exports and KPIs count
/// actions instead of parsing text. Who did it (customer, staff, approval, system) is the record's
/// actor, so "rescheduled by the customer" and "rescheduled by an approval" share one action.
/// </summary>
public readonly record struct AuditAction
{
    /// <summary>The whole vocabulary: action → what it means.</summary>
    public static readonly FrozenDictionary<string, string> Vocabulary = new Dictionary<string, string>
    {
        ["created"] = "An appointment was booked.",
        ["rescheduled"] = "An appointment moved to another slot (by the customer, staff or an approved exception).",
        ["cancelled"] = "An appointment was cancelled and its slot released.",
        ["overridden"] = "Staff changed the schedule outside the normal booking rules.",
        ["exception-requested"] = "Someone asked for an exception to the booking policy.",
        ["exception-decided"] = "Staff approved or denied an exception request (not written: decisions are recorded as exception-approved or exception-denied).",
        ["exception-expired"] = "An exception request expired before anyone decided it.",
        ["checked-in"] = "The customer arrived and the vehicle was checked in.",
        ["completed"] = "The work on the appointment was finished.",
        ["no-show"] = "The customer did not arrive for the appointment.",
        ["document-added"] = "A document or photo was attached.",
        ["document-removed"] = "A document or photo was removed.",
        ["template-changed"] = "A message template was changed.",
        ["stock-adjusted"] = "A part's stock level was adjusted.",
        ["message-replayed"] = "Staff put a message that failed every delivery back on its queue.",
        ["exception-approved"] = "Staff approved an exception request; the change it asked for was made.",
        ["exception-denied"] = "Staff denied an exception request.",
        ["exception-withdrawn"] = "An exception request was withdrawn undecided because its appointment changed (moved, cancelled, started).",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // The booking aggregate names two of its audit actions in its own words; schedule rows keep them.
    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["booked"] = "created",
        ["marked-no-show"] = "no-show",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly AuditAction Created = new("created");
    public static readonly AuditAction Rescheduled = new("rescheduled");
    public static readonly AuditAction Cancelled = new("cancelled");
    public static readonly AuditAction Overridden = new("overridden");
    public static readonly AuditAction ExceptionRequested = new("exception-requested");
    public static readonly AuditAction ExceptionDecided = new("exception-decided");
    public static readonly AuditAction ExceptionExpired = new("exception-expired");
    public static readonly AuditAction CheckedIn = new("checked-in");
    public static readonly AuditAction Completed = new("completed");
    public static readonly AuditAction NoShow = new("no-show");
    public static readonly AuditAction DocumentAdded = new("document-added");
    public static readonly AuditAction DocumentRemoved = new("document-removed");
    public static readonly AuditAction TemplateChanged = new("template-changed");
    public static readonly AuditAction StockAdjusted = new("stock-adjusted");
    public static readonly AuditAction MessageReplayed = new("message-replayed");
    public static readonly AuditAction ExceptionApproved = new("exception-approved");
    public static readonly AuditAction ExceptionDenied = new("exception-denied");
    public static readonly AuditAction ExceptionWithdrawn = new("exception-withdrawn");

    private readonly string? value;

    private AuditAction(string value) => this.value = value;

    public string Value => value ?? "";

    public string Description => Vocabulary.GetValueOrDefault(Value, "");

    /// <summary>Accepts the vocabulary and the booking aggregate's words for the same actions (<c>booked</c>, <c>marked-no-show</c>).</summary>
    public static Result<AuditAction, ValidationError> TryParse(string? text, string field = "action")
    {
        var code = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(code))
            return new ValidationError(field, "is required.");
        code = Aliases.GetValueOrDefault(code, code);
        return Vocabulary.ContainsKey(code)
            ? new AuditAction(code)
            : new ValidationError(field, $"'{text}' is not a known action; use one of {string.Join(", ", Vocabulary.Keys.Order())}.");
    }

    public static AuditAction Parse(string text) => TryParse(text).OrThrow();

    public override string ToString() => Value;
}
