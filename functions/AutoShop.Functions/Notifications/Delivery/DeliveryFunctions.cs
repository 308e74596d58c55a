using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Notifications.Delivery;

/// <summary>"Why didn't this customer get a reminder?" — the appointment's <see cref="DeliveryReport"/>.</summary>
[Tags("Notifications")]
public sealed class DeliveryFunctions(IScheduleStore schedule, DeliveryLog log)
{
    [Function("ListAppointmentDeliveries")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("Every customer message for the appointment: planned reminders with their due times and outcome per channel, and each send, skip, drop or failure with its reason")]
    public async Task<Results<Ok<DeliveryReport>, ProblemHttpResult>> ListAppointmentDeliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/appointments/{appointmentId}/deliveries")] HttpRequest req, string appointmentId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (!AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _) || await schedule.FindAsync(id, ct) is null)
            return Problems.NotFound("Appointment not found", $"No appointment '{appointmentId}'.");
        return TypedResults.Ok(DeliveryReport.From(appointmentId, await log.ListAsync(appointmentId, ct)));
    }
}
