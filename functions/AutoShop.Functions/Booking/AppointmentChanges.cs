using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Booking;

/// <summary>
/// Applies one in-place change (check-in, complete, no-show, cancel) to a stored appointment:
/// load, let the aggregate decide, save with its audit record and event, relay the event.
/// </summary>
public sealed class AppointmentChanges(IScheduleStore schedule, RecentBookings recent, OutboxRelay relay, TimeProvider clock, ILogger<AppointmentChanges> logger)
{
    public delegate Result<AppointmentChange, AppointmentError> Change(Appointment appointment, Actor actor, ReasonCode? reason, TimeProvider clock);

    public async Task<Results<Ok<AppointmentDto>, ProblemHttpResult, ValidationProblem>> ApplyAsync(
        string appointmentId, StaffChangeRequest? request, bool reasonRequired, Actor actor, string correlationId, Change change, CancellationToken ct)
    {
        ReasonCode? reason = null;
        if (request?.ReasonCode is not null || reasonRequired)
        {
            if (!ReasonCode.TryParse(request?.ReasonCode).TryGetValue(out var parsed, out var error))
                return ValidationProblems.Invalid(error);
            reason = parsed;
        }
        var stored = await AppointmentLookup.FindAsync(appointmentId, schedule, ct);
        if (stored is null) return AppointmentLookup.NotFound(appointmentId);
        if (request?.ExpectedVersion is { } expected && expected != stored.Appointment.Version)
            return Conflict("Stale version", $"The appointment is at version {stored.Appointment.Version}, not {expected}; reload it.");
        if (!change(stored.Appointment, actor, reason, clock).TryGetValue(out var applied, out var refused))
            return Conflict("Change not allowed", refused.Message);

        var cloudEvent = AppointmentCloudEvents.From(applied, correlationId);
        if (await schedule.SaveChangeAsync(stored, applied, new AuditContext(correlationId), cloudEvent, ct) != SaveOutcome.Saved)
            return Conflict("Changed meanwhile", "Another change to this appointment was saved first; reload it.");
        if (!applied.Appointment.HoldsResources && AppointmentLocator.Locate(applied.Appointment.Id) is { } day)
            recent.Forget(day.Shop, day.Date);
        try
        {
            await relay.RelayAsync(new OutboxEntry(stored.Partition, TableNames.OutboxRowKey(cloudEvent.Id), cloudEvent, clock.GetUtcNow()), ct);
        }
        // Exhausted SDK retries arrive as AggregateException; the change is saved, so answer it and leave the event to the sweep.
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            logger.LogWarning(ex, "Event {EventId} stays in the outbox for the sweep", cloudEvent.Id);
        }
        return TypedResults.Ok(AppointmentDto.From(applied.Appointment));
    }

    private static ProblemHttpResult Conflict(string title, string detail) => Problems.Conflict(title, detail);
}
