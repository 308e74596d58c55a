namespace AutoShop.Functions.Hosting;

/// <summary>
/// Azure Functions' own switch, honoured by the local host too: the app setting
/// <c>AzureWebJobs.&lt;FunctionName&gt;.Disabled</c> = <c>true</c> (or <c>AzureWebJobs__&lt;FunctionName&gt;__Disabled</c>
/// where a platform forbids dots in variable names) stops a queue or timer function from being
/// triggered; its messages wait on the queue. In Azure the Functions host reads the same setting and
/// never invokes the function; the in-process event fan-out reads it here, in both hosts.
/// </summary>
public sealed partial class FunctionSwitches(IConfiguration configuration, ILogger<FunctionSwitches> logger)
{
    /// <summary>The functions the local host's triggers should run; each one switched off is logged once here.</summary>
    public IEnumerable<Catalog.FunctionDefinition> Enabled(IEnumerable<Catalog.FunctionDefinition> functions)
    {
        foreach (var function in functions)
        {
            if (!IsDisabled(function.Name)) yield return function;
            else LogDisabled(logger, function.Name);
        }
    }

    public bool IsDisabled(string functionName) =>
        IsTrue(configuration[$"AzureWebJobs.{functionName}.Disabled"]) || IsTrue(configuration[$"AzureWebJobs:{functionName}:Disabled"]);

    private static bool IsTrue(string? value) =>
        value?.Trim() is { } v && ((bool.TryParse(v, out var on) && on) || v == "1");

    [LoggerMessage(LogLevel.Warning, "Function {FunctionName} is disabled by its AzureWebJobs.{FunctionName}.Disabled setting; its triggers are not run here")]
    private static partial void LogDisabled(ILogger logger, string functionName);
}
