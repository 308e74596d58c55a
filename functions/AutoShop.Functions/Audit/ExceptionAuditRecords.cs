using AutoShop.Domain.Approvals;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Booking.Storage;

namespace AutoShop.Functions.Audit;

/// <summary>
/// Where the audit row of an exception request stands and what it is chained as. The row sits beside
/// the request (its partition), keyed like a schedule change by the time, the appointment and its
/// version then, and the action; the source key is the request's, once for its asking and once for the
/// decision that ended it (a request is decided once), so it never collides with the appointment's own
/// change of that version.
/// </summary>
public static class ExceptionAuditRecords
{
    public static string SourceKey(ApprovalRequest request) =>
        $"approval:{request.Id}.{(request.Status == ApprovalStatus.Pending ? "requested" : "decided")}";

    /// <summary>
    /// The row keys of the request as it stands: its asking while pending (at creation), else its decision
    /// (at the decision's time). The request id ends the key (two requests of one appointment version can
    /// share a time); rows written before it did are found by the key without it.
    /// </summary>
    public static (string Partition, string[] RowKeys) RowOf(ApprovalRequest request, int appointmentVersion)
    {
        var at = request.Decision?.At ?? request.CreatedAt;
        var key = AuditRows.Key(at, request.AppointmentId, appointmentVersion, ApprovalRequest.AuditWordOf(request.Status).Value);
        return (ApprovalStore.PartitionOf(request.Id), [$"{key}|{request.Id}", key]);
    }
}
