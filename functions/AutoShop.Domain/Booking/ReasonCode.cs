using System.Collections.Frozen;

namespace AutoShop.Domain.Booking;

/// <summary>
/// Why something changed, from a controlled vocabulary so KPIs and audits can count reasons
/// instead of parsing free text. Add a code here (with its one-line meaning) before using it.
/// </summary>
public readonly record struct ReasonCode
{
    /// <summary>The whole vocabulary: code → what it means.</summary>
    public static readonly FrozenDictionary<string, string> Vocabulary = new Dictionary<string, string>
    {
        ["customer-request"] = "The customer asked for the change.",
        ["schedule-conflict"] = "The slot clashes with another commitment of the shop or customer.",
        ["parts-unavailable"] = "Parts needed for the job will not be there in time.",
        ["technician-unavailable"] = "The assigned technician cannot work the slot (illness, leave).",
        ["weather"] = "Weather makes the visit unsafe or impossible.",
        ["vehicle-not-ready"] = "The vehicle cannot be brought in or is not ready for the work.",
        ["duplicate"] = "The appointment duplicates another one for the same job.",
        ["no-show"] = "The customer did not arrive for the appointment.",
        ["staff-override"] = "Staff changed the schedule outside the normal rules.",
        ["policy-exception"] = "An approved exception to the booking policy.",
        ["exception-denied"] = "Staff refused an exception to the booking policy.",
        ["approval-expired"] = "No one decided an exception request before it expired.",
        ["appointment-changed"] = "The appointment changed (moved, cancelled, started) while an exception request about it was pending.",
        ["document-correction"] = "A document or photo was added or removed to keep the appointment's records right.",
        ["template-update"] = "A message template's wording, layout or language was updated.",
        ["stock-received"] = "Parts arrived from a supplier and were added to stock.",
        ["stock-count-correction"] = "A stock count found a different quantity than recorded.",
        ["stock-damaged"] = "Parts were damaged, lost or returned to the supplier.",
        ["other"] = "None of the above; details belong in the notes.",
        ["fault-fixed"] = "The fault that made a queue message fail was fixed, so it can be handled now.",
        ["dependency-restored"] = "A service the app depends on (storage, email, SMS) was down when the message was tried and is back.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly ReasonCode CustomerRequest = new("customer-request");
    public static readonly ReasonCode ScheduleConflict = new("schedule-conflict");
    public static readonly ReasonCode NoShow = new("no-show");
    public static readonly ReasonCode StaffOverride = new("staff-override");
    public static readonly ReasonCode PolicyException = new("policy-exception");
    public static readonly ReasonCode ApprovalExpired = new("approval-expired");
    public static readonly ReasonCode AppointmentChanged = new("appointment-changed");
    public static readonly ReasonCode Other = new("other");

    private readonly string? value;

    private ReasonCode(string value) => this.value = value;

    public string Value => value ?? "";

    public string Description => Vocabulary.GetValueOrDefault(Value, "");

    public static Result<ReasonCode, ValidationError> TryParse(string? text, string field = "reasonCode")
    {
        var code = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(code))
            return new ValidationError(field, "is required.");
        return Vocabulary.ContainsKey(code)
            ? new ReasonCode(code)
            : new ValidationError(field, $"'{text}' is not a known reason; use one of {string.Join(", ", Vocabulary.Keys.Order())}.");
    }

    public static ReasonCode Parse(string text) => TryParse(text).OrThrow();

    public override string ToString() => Value;
}
