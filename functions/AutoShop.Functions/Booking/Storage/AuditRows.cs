using System.Globalization;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;

namespace AutoShop.Functions.Booking.Storage;

/// <summary>Append-only audit rows, written in the same transaction as the change they record.</summary>
internal static class AuditRows
{
    public const string Prefix = "audit|";

    public static TableEntity Write(string partition, AuditEntry entry, AuditContext context) =>
        new(partition, $"{Prefix}{entry.At.ToUnixTimeTicks().ToString("D19", CultureInfo.InvariantCulture)}|{entry.AppointmentId.Value}|{entry.Version:D6}|{entry.Action}")
        {
            ["AppointmentId"] = entry.AppointmentId.Value,
            ["ShopId"] = entry.ShopId.Value,
            ["Version"] = entry.Version,
            ["ActorKind"] = entry.Actor.Kind.ToString().ToLowerInvariant(),
            ["ActorId"] = entry.Actor.Id,
            ["Action"] = entry.Action,
            ["ReasonCode"] = entry.Reason?.Value,
            ["Before"] = entry.Before,
            ["After"] = entry.After,
            ["AtUtc"] = entry.At.ToDateTimeOffset(),
            ["CorrelationId"] = context.CorrelationId,
        };
}
