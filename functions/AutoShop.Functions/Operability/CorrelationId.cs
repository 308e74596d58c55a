using System.Text.RegularExpressions;

namespace AutoShop.Functions.Operability;

/// <summary>
/// One id follows a request into the events and queue messages it causes: taken from the
/// <c>X-Correlation-Id</c> header when it is sane, otherwise the request's trace id; echoed on the
/// response, pushed into every log scope, and stamped on outgoing CloudEvents.
/// </summary>
public static partial class CorrelationId
{
    public const string Header = "X-Correlation-Id";
    public const string LogProperty = "CorrelationId";
    /// <summary>CloudEvents extension attribute names are lower-case alphanumerics.</summary>
    public const string CloudEventAttribute = "correlationid";

    public static string Of(HttpContext context) =>
        context.Items[LogProperty] as string ?? context.TraceIdentifier;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[Header].ToString();
        var id = SafeId().IsMatch(incoming) ? incoming : System.Diagnostics.Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("n");
        context.Items[LogProperty] = id;
        context.Response.Headers[Header] = id;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AutoShop.Requests");
        using (logger.BeginScope(new Dictionary<string, object> { [LogProperty] = id }))
            await next(context);
    });

    [GeneratedRegex("^[A-Za-z0-9._-]{8,64}$")]
    private static partial Regex SafeId();
}
