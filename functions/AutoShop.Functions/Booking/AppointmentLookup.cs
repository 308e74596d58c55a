using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Operability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Booking;

/// <summary>The appointment a route names: a malformed id and an unknown one are the same 404.</summary>
public static class AppointmentLookup
{
    /// <summary>The stored appointment, or null when the id is malformed or no such appointment exists.</summary>
    public static async Task<StoredAppointment?> FindAsync(string appointmentId, IScheduleStore schedule, CancellationToken ct) =>
        AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _) ? await schedule.FindAsync(id, ct) : null;

    public static ProblemHttpResult NotFound(string appointmentId) =>
        Problems.NotFound("Appointment not found", $"No appointment '{appointmentId}'.");
}
