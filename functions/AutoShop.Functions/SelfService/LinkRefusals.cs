using AutoShop.Functions.Links;
using AutoShop.Functions.Pages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.SelfService;

/// <summary>
/// What a signed link that does not open answers, wherever it is presented: 410 once it has expired,
/// 403 for anything else (malformed, tampered, another purpose), so a guesser learns nothing more.
/// As a problem for the JSON API, as a page for a browser.
/// </summary>
public static class LinkRefusals
{
    public static ProblemHttpResult Problem(LinkProblem problem) => problem == LinkProblem.Expired
        ? TypedResults.Problem(title: "Link expired", detail: "This link has expired.", statusCode: StatusCodes.Status410Gone)
        : TypedResults.Problem(title: "Link not valid", detail: "This link is not valid for this action.", statusCode: StatusCodes.Status403Forbidden);

    public static IResult Page(LinkProblem problem) => problem == LinkProblem.Expired
        ? PageLayout.Message("This link has expired", "For your security, links stop working some time after the appointment. Please contact the shop.", "error", 410)
        : PageLayout.Message("This link is not valid", "Please use the link from your most recent message, or contact the shop.", "error", 403);
}

/// <summary>
/// The name other capabilities' link endpoints call for the JSON answer (Notifications' calendar and
/// preferences), kept while they move to [Function] classes in parallel; they can call
/// <see cref="LinkRefusals.Problem"/> directly once they are next changed.
/// </summary>
public static class SelfServiceApi
{
    public static ProblemHttpResult LinkProblem(LinkProblem problem) => LinkRefusals.Problem(problem);
}

/// <summary>
/// The name Approvals' review page calls for the page answer, kept for the same reason as
/// <see cref="SelfServiceApi"/>; <see cref="LinkRefusals.Page"/> is its home.
/// </summary>
public static class ManagePages
{
    public static IResult LinkProblemPage(LinkProblem problem) => LinkRefusals.Page(problem);
}
