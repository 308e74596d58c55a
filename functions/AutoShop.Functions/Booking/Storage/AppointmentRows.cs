using System.Text.Json;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;

namespace AutoShop.Functions.Booking.Storage;

/// <summary>The appointment row: the document plus a few columns that queries and people read.</summary>
internal static class AppointmentRows
{
    public const string Document = "Document";
    public const string MovedTo = "MovedTo";
    public const string ClaimKeys = "ClaimKeys";

    public static TableEntity Write(string partition, Appointment appointment, IEnumerable<string> claimKeys) =>
        new(partition, "appt|" + appointment.Id.Value)
        {
            [Document] = JsonSerializer.Serialize(AppointmentDocument.From(appointment), BookingStorageJsonContext.Default.AppointmentDocument),
            [ClaimKeys] = string.Join(',', claimKeys),
            ["Status"] = appointment.Status.ToString(),
            ["Version"] = appointment.Version,
            ["StartUtc"] = appointment.Start.ToDateTimeOffset(),
            ["EndUtc"] = appointment.End.ToDateTimeOffset(),
            ["TechnicianId"] = appointment.Resources.TechnicianId.Value,
            ["BayId"] = appointment.Resources.BayId.Value,
        };

    /// <summary>The row an appointment leaves on its old day when it moves to another: a pointer to the new partition.</summary>
    public static TableEntity Forwarding(string partition, Appointment appointment, string movedTo)
    {
        var row = Write(partition, appointment, []);
        row[MovedTo] = movedTo;
        row["Status"] = "Moved";
        return row;
    }

    public static bool IsForwarding(TableEntity row) => row.GetString(MovedTo) is { Length: > 0 };

    public static Appointment Read(TableEntity row) =>
        (JsonSerializer.Deserialize(row.GetString(Document), BookingStorageJsonContext.Default.AppointmentDocument)
            ?? throw new InvalidOperationException($"Appointment row {row.RowKey} has no document.")).ToAppointment();

    public static IReadOnlyList<string> Claims(TableEntity row) =>
        row.GetString(ClaimKeys) is { Length: > 0 } keys ? keys.Split(',') : [];
}
