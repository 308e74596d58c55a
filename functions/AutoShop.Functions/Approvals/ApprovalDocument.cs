using System.Text.Json;
using System.Text.Json.Serialization;
using AutoShop.Domain;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Approvals;

/// <summary>How an approval request is stored and shown: flat, with local times preformatted by the caller.</summary>
public sealed record ApprovalDto(
    string Id, string AppointmentId, string ShopId, int AppointmentVersion, string Action, string? NewStart, string? CancelReasonCode,
    string CustomerReason, string CreatedAt, string ExpiresAt, string Status, DecisionDto? Decision)
{
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    public static ApprovalDto From(ApprovalRequest r) => new(r.Id, r.AppointmentId.Value, r.ShopId.Value, r.AppointmentVersion,
        r.Change.Action.ToString().ToLowerInvariant(), r.Change.NewStart is { } s ? LocalPattern.Format(s) : null, r.Change.CancelReason?.Value,
        r.CustomerReason, Instants.Format(r.CreatedAt), Instants.Format(r.ExpiresAt), r.Status.ToString().ToLowerInvariant(),
        r.Decision is { } d ? DecisionDto.From(d) : null);

    public ApprovalRequest ToDomain() => ApprovalRequest.Restore(Id, Domain.Booking.AppointmentId.Parse(AppointmentId), Domain.Booking.ShopId.Parse(ShopId),
        AppointmentVersion,
        new RequestedChange(Enum.Parse<RequestedAction>(Action, ignoreCase: true), NewStart is null ? null : LocalPattern.Parse(NewStart).Value,
            CancelReasonCode is null ? null : ReasonCode.Parse(CancelReasonCode)),
        CustomerReason, Instants.Parse(CreatedAt), Instants.Parse(ExpiresAt), Enum.Parse<ApprovalStatus>(Status, ignoreCase: true), Decision?.ToDomain());

    public string ToJson() => JsonSerializer.Serialize(this, ApprovalJsonContext.Default.ApprovalDto);

    public static ApprovalDto Parse(string json) => JsonSerializer.Deserialize(json, ApprovalJsonContext.Default.ApprovalDto)
        ?? throw new FormatException("Empty approval document.");
}

public sealed record DecisionDto(string Outcome, string ActorKind, string ActorId, string? ReasonCode, string? Note, string At)
{
    public static DecisionDto From(ApprovalDecision d) => new(d.Outcome.ToString().ToLowerInvariant(), d.By.Kind.ToString().ToLowerInvariant(), d.By.Id,
        d.Reason?.Value, d.Note, Instants.Format(d.At));

    public ApprovalDecision ToDomain() => new(Enum.Parse<ApprovalStatus>(Outcome, ignoreCase: true),
        Actor.TryCreate(Enum.Parse<ActorKind>(ActorKind, ignoreCase: true), ActorId).OrThrow(), ReasonCode is null ? null : Domain.Booking.ReasonCode.Parse(ReasonCode), Note, Instants.Parse(At));
}

/// <summary>Data of <c>appointment.exception-requested</c> and <c>appointment.exception-decided</c> events.</summary>
public sealed record ExceptionEventData(ApprovalDto Request, Booking.AppointmentDto Appointment);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApprovalDto))]
[JsonSerializable(typeof(ExceptionEventData))]
[JsonSerializable(typeof(ExpiryMessage))]
public sealed partial class ApprovalJsonContext : JsonSerializerContext;

/// <summary>The expiry timer: a delayed queue message naming the request and when it runs out.</summary>
public sealed record ExpiryMessage(string RequestId, string ExpiresAt);
