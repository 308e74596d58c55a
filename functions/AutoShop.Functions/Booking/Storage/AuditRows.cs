using System.Globalization;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;

namespace AutoShop.Functions.Booking.Storage;

/// <summary>Append-only audit rows, written in the same transaction as the change they record.</summary>
internal static class AuditRows
{
    public const string Prefix = "audit|";

    /// <param name="keySuffix">Tells apart rows of one appointment version, time and action (exception requests: the request id).</param>
    public static TableEntity Write(string partition, AuditEntry entry, AuditContext context, string? keySuffix = null) =>
        new(partition, Key(entry.At, entry.AppointmentId, entry.Version, entry.Action.Value) + (keySuffix is null ? "" : "|" + keySuffix))
        {
            ["AppointmentId"] = entry.AppointmentId.Value,
            ["ShopId"] = entry.ShopId.Value,
            ["Version"] = entry.Version,
            ["ActorKind"] = entry.Actor.Kind.ToString().ToLowerInvariant(),
            ["ActorId"] = entry.Actor.Id,
            ["Action"] = entry.Action.Value,
            ["ReasonCode"] = entry.Reason?.Value,
            ["Before"] = entry.Before,
            ["After"] = entry.After,
            ["AtUtc"] = entry.At.ToDateTimeOffset(),
            ["CorrelationId"] = context.CorrelationId,
        };

    public static string Key(NodaTime.Instant at, AppointmentId appointment, int version, string action) =>
        $"{Prefix}{at.ToUnixTimeTicks().ToString("D19", CultureInfo.InvariantCulture)}|{appointment.Value}|{version:D6}|{action}";
}
