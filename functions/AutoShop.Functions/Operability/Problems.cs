using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Operability;

/// <summary>Expected refusals as RFC 9457 problem details, written through the app's problem details service.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict, extensions: extensions);

    /// <summary>Well-formed input that breaks a rule (outside opening hours, unknown shop…): 422 naming the field.</summary>
    public static ProblemHttpResult Unprocessable(string field, string message, string title = "The request breaks a rule") =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Title = title,
            Status = StatusCodes.Status422UnprocessableEntity,
        });
}
