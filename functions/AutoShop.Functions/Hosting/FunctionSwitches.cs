namespace AutoShop.Functions.Hosting;

/// <summary>
/// Azure Functions' own switch, honoured in standalone mode too: the app setting
/// <c>AzureWebJobs.&lt;FunctionName&gt;.Disabled</c> = <c>true</c> (or <c>AzureWebJobs__&lt;FunctionName&gt;__Disabled</c>
/// where a platform forbids dots in variable names) stops a queue or timer function from being
/// triggered; its messages wait on the queue. In custom-handler mode the Functions host reads the
/// same setting and simply never invokes the function.
/// </summary>
public sealed class FunctionSwitches(IConfiguration configuration)
{
    public bool IsDisabled(string functionName) =>
        IsTrue(configuration[$"AzureWebJobs.{functionName}.Disabled"]) || IsTrue(configuration[$"AzureWebJobs:{functionName}:Disabled"]);

    private static bool IsTrue(string? value) =>
        value?.Trim() is { } v && ((bool.TryParse(v, out var on) && on) || v == "1");
}
