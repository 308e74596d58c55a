using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Links;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Notifications;

/// <summary>
/// The appointment a customer's manage link names, for the notification operations the link opens (its calendar
/// file, the customer's contact preferences). A link that does not verify, or names no appointment, is refused as
/// the self-service API refuses it, so the customer sees one answer whichever operation they reached: 410 once
/// expired, 403 otherwise.
/// </summary>
public sealed class ManageLinkAppointments(LinkTokens tokens, IScheduleStore schedule)
{
    public async Task<(StoredAppointment? Stored, ProblemHttpResult? Refusal)> FindAsync(string token, CancellationToken ct)
    {
        var problem = tokens.Verify(token, LinkPurpose.Manage, out var claims);
        if (problem != LinkProblem.None) return (null, Refuse(problem));
        if (!AppointmentId.TryParse(claims.Subject).TryGetValue(out var id, out _) || await schedule.FindAsync(id, ct) is not { } stored)
            return (null, Refuse(LinkProblem.Malformed));
        return (stored, null);
    }

    private static ProblemHttpResult Refuse(LinkProblem problem) => problem == LinkProblem.Expired
        ? TypedResults.Problem(title: "Link expired", detail: "This link has expired.", statusCode: StatusCodes.Status410Gone)
        : TypedResults.Problem(title: "Link not valid", detail: "This link is not valid for this action.", statusCode: StatusCodes.Status403Forbidden);
}
