using System.Reflection;
using System.Text.Json.Nodes;

namespace AutoShop.Deployment.Tests.Support;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (pinned in
/// Directory.Packages.props); the project file records the package's BicepPath at build time.
/// </summary>
internal static class BicepCli
{
    public static string ExecutablePath
    {
        get
        {
            var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
            if (string.IsNullOrWhiteSpace(path))
                throw new InvalidOperationException("BicepPath was not recorded at build time: is Azure.Bicep.CommandLine.linux-x64 referenced?");
            return Path.GetFullPath(path.Replace('\\', '/'));
        }
    }

    /// <summary>Compiles a .bicep file to its ARM JSON template (modules inlined as nested deployments).</summary>
    public static async Task<JsonObject> BuildAsync(string bicepFile, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(ExecutablePath, ["build", bicepFile, "--stdout"], TimeSpan.FromMinutes(2), cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"bicep build {bicepFile} failed ({result.ExitCode}):\n{result.StandardError}");
        return JsonNode.Parse(result.StandardOutput)?.AsObject()
            ?? throw new InvalidOperationException($"bicep build {bicepFile} printed no template.");
    }
}
