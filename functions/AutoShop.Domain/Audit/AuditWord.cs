using System.Reflection;

namespace AutoShop.Domain.Audit;

/// <summary>
/// The action word of a change as the code writes it into an audit row or an appointment event, on
/// its way into the ledger. This type is the registry of every such word: only its own fields can be
/// one (the constructor is private), <see cref="Booking.AuditEntry"/> takes one, and
/// <see cref="All"/> lists them by reflection, so a test holds each against the ledger's vocabulary
/// (<see cref="AuditAction"/>) and a word the ledger would reject fails the build's tests instead of
/// poisoning the audit queue. Add new words at the end.
/// </summary>
public readonly record struct AuditWord
{
    // The booking aggregate's words (rows keep them: their row keys contain them).
    public static readonly AuditWord Booked = new("booked");
    public static readonly AuditWord Rescheduled = new("rescheduled");
    public static readonly AuditWord Cancelled = new("cancelled");
    public static readonly AuditWord CheckedIn = new("checked-in");
    public static readonly AuditWord Completed = new("completed");
    public static readonly AuditWord MarkedNoShow = new("marked-no-show");

    /// <summary>The appointment event's word for <see cref="MarkedNoShow"/>.</summary>
    public static readonly AuditWord NoShow = new("no-show");

    // Exception requests, from asking to the decision that ends them.
    public static readonly AuditWord ExceptionRequested = new("exception-requested");
    public static readonly AuditWord ExceptionApproved = new("exception-approved");
    public static readonly AuditWord ExceptionDenied = new("exception-denied");
    public static readonly AuditWord ExceptionExpired = new("exception-expired");
    public static readonly AuditWord ExceptionWithdrawn = new("exception-withdrawn");

    private readonly string? value;

    private AuditWord(string value) => this.value = value;

    public string Value => value ?? "";

    /// <summary>Every word declared above.</summary>
    public static IReadOnlyList<AuditWord> All { get; } =
        [.. typeof(AuditWord).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(AuditWord)).Select(f => (AuditWord)f.GetValue(null)!)];

    public override string ToString() => Value;
}
