using System.Text.Json;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Events;

namespace AutoShop.Functions.Approvals;

public static class ApprovalEvents
{
    public const string Requested = "appointment.exception-requested";
    public const string Decided = "appointment.exception-decided";

    public static CloudEvent For(ApprovalRequest request, Appointment appointment, string? correlationId, NodaTime.Instant at)
    {
        var type = request.Status == ApprovalStatus.Pending ? Requested : Decided;
        var data = new ExceptionEventData(ApprovalDto.From(request), AppointmentDto.From(appointment));
        return CloudEvent.Create($"{request.Id}.{(type == Requested ? "requested" : "decided")}", $"/shops/{request.ShopId}", type,
            $"appointments/{request.AppointmentId}", at.ToDateTimeOffset(), correlationId,
            JsonSerializer.SerializeToElement(data, ApprovalJsonContext.Default.ExceptionEventData));
    }

    public static ExceptionEventData Read(CloudEvent e) => e.DataAs(ApprovalJsonContext.Default.ExceptionEventData);

    /// <summary>
    /// The audit record of the request as it now stands (asked, or the decision that ended it), stored beside
    /// the appointment with its version; the ledger chains it under the request's own source key.
    /// </summary>
    public static AuditEntry Audit(ApprovalRequest request, Appointment appointment, Actor actor, ReasonCode? reason, NodaTime.Instant at)
    {
        var asked = $"exception {request.Id}: {Describe(request.Change)}";
        var before = request.Status == ApprovalStatus.Pending ? "" : $"{asked}; pending";
        var after = $"{asked}; {request.Status.ToString().ToLowerInvariant()}" + (request.Decision?.Note is { } n ? $" ({n})" : "");
        return new(request.AppointmentId, request.ShopId, appointment.Version, actor, ApprovalRequest.AuditWordOf(request.Status), reason, before, after, at);
    }

    private static string Describe(RequestedChange change) => change.Action == RequestedAction.Cancel
        ? $"cancel ({change.CancelReason})"
        : $"move to {(change.NewStart is { } start ? NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Format(start) : "?")}";
}
