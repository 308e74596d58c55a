using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Approvals;

public enum ApprovalStatus { Pending, Approved, Denied, Expired, Withdrawn }

public enum RequestedAction { Reschedule, Cancel }

/// <summary>What the customer asked for outside policy.</summary>
public sealed record RequestedChange(RequestedAction Action, LocalDateTime? NewStart, ReasonCode? CancelReason);

public sealed record ApprovalDecision(ApprovalStatus Outcome, Actor By, ReasonCode? Reason, string? Note, Instant At);

/// <summary>
/// A customer's request for an exception to the self-service policy, decided by staff.
/// Pending → Approved | Denied | Expired | Withdrawn; the first decision wins and later ones are
/// refused with the decision that stands. It expires on its own (default 12 h), never after the
/// appointment starts. It is about the appointment as the customer saw it (<see cref="AppointmentVersion"/>):
/// once the appointment changes, the request is withdrawn instead of decided. An appointment has at
/// most one pending request about its current version (<see cref="Blocking"/>).
/// </summary>
public sealed class ApprovalRequest
{
    public static readonly Duration DefaultTimeToDecide = Duration.FromHours(12);

    private ApprovalRequest(string id, AppointmentId appointmentId, ShopId shopId, int appointmentVersion, RequestedChange change,
        string customerReason, Instant createdAt, Instant expiresAt)
    {
        Id = id;
        AppointmentId = appointmentId;
        ShopId = shopId;
        AppointmentVersion = appointmentVersion;
        Change = change;
        CustomerReason = customerReason;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public string Id { get; }
    public AppointmentId AppointmentId { get; }
    public ShopId ShopId { get; }
    /// <summary>The appointment version the customer saw when asking.</summary>
    public int AppointmentVersion { get; }
    public RequestedChange Change { get; }
    public string CustomerReason { get; }
    public Instant CreatedAt { get; }
    public Instant ExpiresAt { get; }
    public ApprovalStatus Status { get; private set; }
    public ApprovalDecision? Decision { get; private set; }

    public static Result<ApprovalRequest, ValidationError> Create(string id, Appointment appointment, RequestedChange change, string? customerReason,
        Duration timeToDecide, Instant now)
    {
        var reason = customerReason?.Trim();
        if (string.IsNullOrEmpty(reason)) return new ValidationError("reason", "tell the shop why you need the exception.");
        if (reason.Length > 1000) return new ValidationError("reason", "must be at most 1000 characters.");
        if (appointment.Status != AppointmentStatus.Booked || now >= appointment.Start)
            return new ValidationError("appointment", "can no longer be changed.");
        if (change.Action == RequestedAction.Reschedule && change.NewStart is null) return new ValidationError("start", "is required for a reschedule.");
        if (change.Action == RequestedAction.Cancel && change.CancelReason is null) return new ValidationError("reasonCode", "is required for a cancellation.");
        var expires = Instant.Min(now + timeToDecide, appointment.Start);
        return new ApprovalRequest(id, appointment.Id, appointment.ShopId, appointment.Version, change, reason, now, expires);
    }

    public static ApprovalRequest Restore(string id, AppointmentId appointmentId, ShopId shopId, int appointmentVersion, RequestedChange change,
        string customerReason, Instant createdAt, Instant expiresAt, ApprovalStatus status, ApprovalDecision? decision) =>
        new(id, appointmentId, shopId, appointmentVersion, change, customerReason, createdAt, expiresAt) { Status = status, Decision = decision };

    public Result<ApprovalDecision, ApprovalDecision?> Approve(Actor approver, ReasonCode reason, string? note, Instant now) =>
        Decide(ApprovalStatus.Approved, approver, reason, note, now);

    public Result<ApprovalDecision, ApprovalDecision?> Deny(Actor approver, ReasonCode reason, string? note, Instant now) =>
        Decide(ApprovalStatus.Denied, approver, reason, note, now);

    /// <summary>The timer's decision; a no-op failure if already decided or not yet due.</summary>
    public Result<ApprovalDecision, ApprovalDecision?> Expire(Instant now) =>
        now < ExpiresAt ? Result<ApprovalDecision, ApprovalDecision?>.Failure(null) : Decide(ApprovalStatus.Expired, Actor.System("approval-timer"), ReasonCode.ApprovalExpired, null, now, ignoreExpiry: true);

    /// <summary>
    /// The request is moot: its appointment changed (<paramref name="by"/> changed it). Withdrawn even when
    /// due to expire, because that is what happened; a failure carries the decision that already stands.
    /// </summary>
    public Result<ApprovalDecision, ApprovalDecision?> Withdraw(Actor by, Instant now) =>
        Decide(ApprovalStatus.Withdrawn, by, ReasonCode.AppointmentChanged, null, now, ignoreExpiry: true);

    /// <summary>Whether the appointment has changed since the customer asked (it is at <paramref name="appointmentVersion"/> now).</summary>
    public bool IsOutlivedBy(int appointmentVersion) => appointmentVersion > AppointmentVersion;

    /// <summary>
    /// The request that stops another one about <paramref name="appointment"/>: one still pending about its
    /// current version. A pending request about an older version does not count: it is being withdrawn.
    /// </summary>
    public static ApprovalRequest? Blocking(IEnumerable<ApprovalRequest> requests, Appointment appointment) =>
        requests.FirstOrDefault(r => r.AppointmentId == appointment.Id && r.Status == ApprovalStatus.Pending && !r.IsOutlivedBy(appointment.Version));

    /// <summary>The audit action of a request in <paramref name="status"/>: its asking while pending, then the decision that ended it.</summary>
    public static AuditWord AuditWordOf(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Pending => AuditWord.ExceptionRequested,
        ApprovalStatus.Approved => AuditWord.ExceptionApproved,
        ApprovalStatus.Denied => AuditWord.ExceptionDenied,
        ApprovalStatus.Expired => AuditWord.ExceptionExpired,
        ApprovalStatus.Withdrawn => AuditWord.ExceptionWithdrawn,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an approval status."),
    };

    /// <summary>Failure carries the decision that already stands (null when the request merely ran out of time).</summary>
    private Result<ApprovalDecision, ApprovalDecision?> Decide(ApprovalStatus outcome, Actor by, ReasonCode? reason, string? note, Instant now, bool ignoreExpiry = false)
    {
        if (Status != ApprovalStatus.Pending) return Result<ApprovalDecision, ApprovalDecision?>.Failure(Decision);
        if (!ignoreExpiry && now >= ExpiresAt) return Result<ApprovalDecision, ApprovalDecision?>.Failure(null);
        Status = outcome;
        Decision = new ApprovalDecision(outcome, by, reason, note?.Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, 1000)] : null, now);
        return Result<ApprovalDecision, ApprovalDecision?>.Success(Decision);
    }
}
