using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace AutoShop.Functions.Operability;

/// <summary>
/// A request the app cannot read (malformed JSON, a body of the wrong type or size, a query value
/// that does not bind, a form that does not parse) is the client's mistake: it leaves as a 4xx
/// problem naming what was wrong, in every environment. Minimal APIs report binding failures by
/// throwing <see cref="BadHttpRequestException"/> only where <see cref="RouteHandlerOptions.ThrowOnBadRequest"/>
/// is on — by default in Development alone, where the exception handler then answered 500, while
/// Production answered a bare 400. It is on everywhere here, so this one handler words every such
/// failure, along with the same exception from Kestrel (body too large) and from the app's own
/// body and form readers.
/// </summary>
public static partial class BadRequestProblems
{
    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }

    /// <summary>The problem a refused request gets: a title per status, and the field it concerns when one can be named.</summary>
    public static HttpValidationProblemDetails Describe(BadHttpRequestException refusal)
    {
        var (field, message) = Explain(refusal);
        var problem = new HttpValidationProblemDetails
        {
            Status = refusal.StatusCode,
            Title = refusal.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "Request body too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported Media Type",
                _ => "The request could not be read",
            },
        };
        if (field is null) problem.Detail = message;
        else problem.Errors[field] = [message];
        return problem;
    }

    private static (string? Field, string Message) Explain(BadHttpRequestException refusal)
    {
        if (refusal.InnerException is JsonException json)
        {
            // The reader's own words say what broke ("'}' is invalid after a value"); the path says where.
            var field = json.Path is null or "$" ? "body" : json.Path.TrimStart('$', '.');
            var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
            return (field, $"is not valid JSON for this request{where}: {WithoutPosition(json.Message)}");
        }
        if (BindFailure().Match(refusal.Message) is { Success: true } bind)
            return (bind.Groups["name"].Value, $"must be {Kind(bind.Groups["type"].Value)}.");
        if (MissingValue().Match(refusal.Message) is { Success: true } missing)
            return (missing.Groups["name"].Value, "is required.");
        if (refusal.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || refusal.Message.Contains("from the request body", StringComparison.Ordinal))
            return ("body", "is required: send a JSON object.");
        return (null, refusal.Message);
    }

    private static string WithoutPosition(string message) => message.Split(" Path: ")[0].Split(" LineNumber: ")[0].TrimEnd();

    private static string Kind(string type) => type.Replace("Nullable<", "").TrimEnd('>') switch
    {
        "int" or "long" or "Int32" or "Int64" => "a whole number",
        "bool" or "Boolean" => "true or false",
        "double" or "decimal" or "Double" or "Decimal" => "a number",
        var other => $"a valid {other}",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[A-Za-z0-9_]+)" from""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[A-Za-z0-9_]+)" was not provided""")]
    private static partial Regex MissingValue();
}

/// <summary>Answers <see cref="BadHttpRequestException"/> with its own status as problem details; every other exception is left to the next handler.</summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException refusal) return false;
        var problem = BadRequestProblems.Describe(refusal);
        // Neither the path (signed links carry their token in it) nor the input itself is logged.
        LogRefused(logger, refusal.StatusCode, context.GetEndpoint()?.DisplayName ?? context.Request.Method, problem.Title ?? "", string.Join(", ", problem.Errors.Keys));
        context.Response.StatusCode = refusal.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    [LoggerMessage(LogLevel.Information, "Refused a request to {Endpoint} with {Status}: {Title} {Fields}")]
    private static partial void LogRefused(ILogger logger, int status, string endpoint, string title, string fields);
}
