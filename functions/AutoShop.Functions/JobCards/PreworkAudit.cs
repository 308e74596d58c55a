using System.Globalization;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Functions.JobCards;

/// <summary>
/// One audit record of job-card pre-work (card edits, stock changes, documents), in the same row
/// format as the schedule's audit rows plus <c>Subject</c>. Each store writes it into its own table,
/// in the same transaction as the change it records.
/// </summary>
public sealed record PreworkAuditRecord(
    ShopId ShopId, string Subject, string? AppointmentId, int Version, Actor Actor, string Action, ReasonCode? Reason,
    string? Before, string? After, Instant At, string CorrelationId)
{
    public const string Prefix = "audit|";

    public TableEntity ToEntity(string partition) =>
        new(partition, $"{Prefix}{At.ToUnixTimeTicks().ToString("D19", CultureInfo.InvariantCulture)}|{Subject}|{Version:D10}")
        {
            ["AppointmentId"] = AppointmentId,
            ["ShopId"] = ShopId.Value,
            ["Subject"] = Subject,
            ["Version"] = Version,
            ["ActorKind"] = Actor.Kind.ToString().ToLowerInvariant(),
            ["ActorId"] = Actor.Id,
            ["Action"] = Action,
            ["ReasonCode"] = Reason?.Value,
            ["Before"] = Before,
            ["After"] = After,
            ["AtUtc"] = At.ToDateTimeOffset(),
            ["CorrelationId"] = CorrelationId,
        };
}

/// <summary>Who asked and why, for the audit record a change is stored with.</summary>
public sealed record ChangeContext(Actor Actor, ReasonCode? Reason, string CorrelationId);
