using AutoShop.Domain.Approvals;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// The exception approval's first activity: emails every approver their own approve/deny links and posts the
/// Teams card (<see cref="ApproverMail.RequestedAsync"/>). Answers how long the request has left by the app's
/// clock, or null once it needs no decision (decided or withdrawn before this ran).
/// </summary>
public sealed class NotifyApprovers(ApprovalStore store, IScheduleStore schedule, ApproverMail mail, TimeProvider clock)
{
    public const string Name = "NotifyApprovers";

    [Function(Name)]
    public async Task<double?> RunAsync([ActivityTrigger] string requestId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(requestId, cancellationToken) is not { Status: ApprovalStatus.Pending } request) return null;
        if (await schedule.FindAsync(request.AppointmentId, cancellationToken) is not { } current) return null;
        await mail.RequestedAsync(request, new ExceptionEventData(ApprovalDto.From(request), AppointmentDto.From(current.Appointment)), cancellationToken);
        return SecondsLeft(request, clock);
    }

    /// <summary>Time to the request's deadline by the app's clock (the one that decides whether it has expired).</summary>
    public static double SecondsLeft(ApprovalRequest request, TimeProvider clock) =>
        (request.ExpiresAt.ToDateTimeOffset() - clock.GetUtcNow()).TotalSeconds;
}
