namespace AutoShop.Functions.Operability;

public static class LoggingSetup
{
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Structured JSON logs with scopes (function name, message id, correlation id) outside
    /// development, where the Functions host or a container runtime collects stdout.
    /// </summary>
    public static IHostApplicationBuilder AddAutoShopLogging(this IHostApplicationBuilder builder)
    {
        // ASP.NET Core's request lines and its request scope (RequestPath on every log line written while
        // a request runs) carry the path and query string, where customer, approval and dashboard links
        // carry their tokens. Off in every environment; correlation and trace ids identify the request.
        builder.Logging.AddFilter(HostingDiagnostics, LogLevel.None);
        if (builder.Environment.IsDevelopment()) return builder;
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "O";
        });
        return builder;
    }
}
