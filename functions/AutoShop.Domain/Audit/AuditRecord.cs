using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.Audit;

/// <summary>
/// One append-only audit record: who did what to which appointment (or other subject), when (UTC
/// and shop-local), why (a <see cref="ReasonCode"/> from the controlled vocabulary), what it looked
/// like before and after, and the request that caused it. <see cref="SourceKey"/> identifies the
/// fact being recorded (e.g. <c>schedule:{appointmentId}.v{version}</c>, an event id): the ledger
/// chains each source key once, so at-least-once writers can append again safely.
/// </summary>
public sealed record AuditRecord
{
    public const int MaxSummaryLength = 16_000;
    public const int MaxKeyLength = 256;

    private AuditRecord(ShopId shop, DateTimeZone zone, AppointmentId? appointmentId, string? subject, Actor actor, Instant at,
        AuditAction action, ReasonCode? reason, string before, string after, string? correlationId, string sourceKey)
    {
        Shop = shop;
        Zone = zone;
        AppointmentId = appointmentId;
        Subject = subject;
        Actor = actor;
        At = at;
        Action = action;
        Reason = reason;
        Before = before;
        After = after;
        CorrelationId = correlationId;
        SourceKey = sourceKey;
    }

    public ShopId Shop { get; }

    /// <summary>The shop's IANA zone, so the record keeps the local time people saw.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The appointment concerned, or null for shop-level records (templates, stock).</summary>
    public AppointmentId? AppointmentId { get; }

    /// <summary>What else the record is about, e.g. <c>sku:OIL-5W30-QT</c>, <c>template:reminder</c>, <c>document:{id}</c>.</summary>
    public string? Subject { get; }

    public Actor Actor { get; }

    /// <summary>When it happened, in UTC (whole 100 ns ticks, the precision storage keeps).</summary>
    public Instant At { get; }

    /// <summary><see cref="At"/> on the shop's wall clock, with its UTC offset.</summary>
    public OffsetDateTime LocalAt => At.InZone(Zone).ToOffsetDateTime();

    public AuditAction Action { get; }

    public ReasonCode? Reason { get; }

    /// <summary>A short human-readable summary of the state before the change ("" when nothing existed).</summary>
    public string Before { get; }

    public string After { get; }

    public string? CorrelationId { get; }

    public string SourceKey { get; }

    public static Result<AuditRecord, ValidationError> TryCreate(ShopId shop, DateTimeZone zone, AppointmentId? appointmentId, string? subject,
        Actor actor, Instant at, AuditAction action, ReasonCode? reason, string? before, string? after, string? correlationId, string sourceKey)
    {
        if (string.IsNullOrWhiteSpace(shop.Value))
            return new ValidationError("shopId", "is required.");
        if (string.IsNullOrEmpty(action.Value))
            return new ValidationError("action", "is required.");
        if (reason is { } r && string.IsNullOrEmpty(r.Value))
            return new ValidationError("reasonCode", "must come from the vocabulary.");
        if (!IsKey(sourceKey, required: true))
            return new ValidationError("sourceKey", $"is required, at most {MaxKeyLength} characters, without control characters.");
        if (!IsKey(subject, required: false))
            return new ValidationError("subject", $"must be at most {MaxKeyLength} characters, without control characters.");
        if (!IsKey(correlationId, required: false))
            return new ValidationError("correlationId", $"must be at most {MaxKeyLength} characters, without control characters.");
        if ((before?.Length ?? 0) > MaxSummaryLength || (after?.Length ?? 0) > MaxSummaryLength)
            return new ValidationError("before", $"before and after summaries must be at most {MaxSummaryLength} characters.");
        var ticks = Instant.FromUnixTimeTicks(at.ToUnixTimeTicks());
        return new AuditRecord(shop, zone, appointmentId, string.IsNullOrWhiteSpace(subject) ? null : subject,
            actor, ticks, action, reason, before ?? "", after ?? "", string.IsNullOrEmpty(correlationId) ? null : correlationId, sourceKey);
    }

    private static bool IsKey(string? text, bool required) =>
        string.IsNullOrEmpty(text) ? !required : text.Length <= MaxKeyLength && !text.Any(char.IsControl);
}
