namespace AutoShop.Functions.Operability;

public static class LoggingSetup
{
    /// <summary>
    /// Structured JSON logs with scopes (function name, message id, correlation id) outside
    /// development, where the Functions host or a container runtime collects stdout.
    /// </summary>
    public static WebApplicationBuilder AddAutoShopLogging(this WebApplicationBuilder builder)
    {
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
