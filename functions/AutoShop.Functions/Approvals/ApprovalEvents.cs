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

    public static AuditEntry Audit(ApprovalRequest request, Appointment appointment, Actor actor, string action, ReasonCode? reason, NodaTime.Instant at) =>
        new(request.AppointmentId, request.ShopId, appointment.Version, actor, action, reason,
            $"exception {request.Id}: {request.Change.Action.ToString().ToLowerInvariant()} requested",
            $"exception {request.Id}: {request.Status.ToString().ToLowerInvariant()}" + (request.Decision?.Note is { } n ? $" ({n})" : ""), at);
}
