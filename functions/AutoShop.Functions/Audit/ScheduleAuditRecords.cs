using Azure.Data.Tables;
using AutoShop.Domain;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using NodaTime;

namespace AutoShop.Functions.Audit;

/// <summary>
/// Turns the <c>audit|…</c> rows booking writes in schedule transactions into ledger records. The
/// source key is the appointment id and version, which the change's event id carries too, so a
/// change is chained once whichever way it arrives.
/// </summary>
public static class ScheduleAuditRecords
{
    public static string SourceKey(AppointmentId appointment, int version) => $"schedule:{appointment.Value}.v{version}";

    /// <summary>
    /// The row key booking gives the audit row of an appointment event (<c>AuditRows</c>): the change's
    /// time and action, which the event carries as its time and change (a no-show's action is longer).
    /// </summary>
    public static string RowKey(AppointmentId appointment, int version, DateTimeOffset at, string change) =>
        AuditRows.Key(Instant.FromDateTimeOffset(at), appointment, version, change == AuditWord.NoShow.Value ? AuditWord.MarkedNoShow.Value : change);

    /// <summary>
    /// Filter for a shop-day partition's audit rows, optionally the change that made one appointment version.
    /// Exception requests write their rows beside the appointment with its version too, so those (every
    /// <c>exception-…</c> word sorts between <c>exception-</c> and <c>exception.</c>) are left out of a version's lookup.
    /// </summary>
    public static string Filter(string partitionFrom, string partitionTo, AppointmentId? appointment = null, int? version = null)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {partitionFrom} and PartitionKey le {partitionTo} and RowKey ge {AuditRows.Prefix} and RowKey lt {"audit}"}");
        return appointment is { } id && version is { } v
            ? filter + " and " + TableClient.CreateQueryFilter($"AppointmentId eq {id.Value} and Version eq {v} and (Action lt {"exception-"} or Action ge {"exception."})")
            : filter;
    }

    /// <summary>
    /// A stored audit row as a record, chained under <paramref name="sourceKey"/> (by default the appointment
    /// version's); rows were valid when written, so an unreadable one (an unknown reason code) throws.
    /// </summary>
    public static AuditRecord FromRow(TableEntity row, DateTimeZone zone, string? sourceKey = null)
    {
        var appointment = AppointmentId.Parse(row.GetString("AppointmentId"));
        var version = row.GetInt32("Version") ?? throw new FormatException($"Audit row {row.RowKey} has no version.");
        var actor = Actor.TryCreate(Enum.Parse<ActorKind>(row.GetString("ActorKind"), ignoreCase: true), row.GetString("ActorId")).OrThrow();
        var reason = row.GetString("ReasonCode") is { Length: > 0 } code ? ReasonCode.TryParse(code).OrThrow() : (ReasonCode?)null;
        var at = Instant.FromDateTimeOffset(row.GetDateTimeOffset("AtUtc") ?? throw new FormatException($"Audit row {row.RowKey} has no time."));
        return AuditRecord.TryCreate(ShopId.Parse(row.GetString("ShopId")), zone, appointment, null, actor, at,
            AuditAction.TryParse(row.GetString("Action")).OrThrow(), reason, row.GetString("Before"), row.GetString("After"),
            row.GetString("CorrelationId"), sourceKey ?? SourceKey(appointment, version)).OrThrow();
    }

    /// <summary>
    /// The record an appointment event describes, for when its schedule row is not where the
    /// appointment id says (so the change is still chained); the summaries are shorter than the row's.
    /// </summary>
    public static AuditRecord FromEvent(AppointmentEventData data, DateTimeOffset at, string? correlationId, DateTimeZone zone)
    {
        var a = data.Appointment;
        var appointment = AppointmentId.Parse(a.Id);
        var actor = Actor.TryCreate(Enum.Parse<ActorKind>(data.Actor.Kind, ignoreCase: true), data.Actor.Id).OrThrow();
        var reason = data.ReasonCode is { Length: > 0 } code ? ReasonCode.TryParse(code).OrThrow() : (ReasonCode?)null;
        var before = data.PreviousStart is { } ps && data.PreviousEnd is { } pe ? $"start={ps.Utc}; end={pe.Utc}" : "";
        var after = $"status={a.Status}; start={a.Start.Utc}; end={a.End.Utc}; services={string.Join(",", a.Services)}; technician={a.TechnicianId} bay={a.BayId}";
        return AuditRecord.TryCreate(ShopId.Parse(a.ShopId), zone, appointment, null, actor, Instant.FromDateTimeOffset(at),
            AuditAction.TryParse(data.Change).OrThrow(), reason, before, after, correlationId, SourceKey(appointment, a.Version)).OrThrow();
    }
}
