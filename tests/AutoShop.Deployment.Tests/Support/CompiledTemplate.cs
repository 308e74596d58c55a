using System.Text.Json.Nodes;

namespace AutoShop.Deployment.Tests.Support;

/// <summary>infra/bicep/main.bicep compiled once for the whole assembly.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    public static string MainBicep => RepoFiles.Combine("infra", "bicep", "main.bicep");

    internal ArmTemplate Main { get; private set; } = new(new JsonObject());

    public async ValueTask InitializeAsync() =>
        Main = new ArmTemplate(await BicepCli.BuildAsync(MainBicep, TestContext.Current.CancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The function app's settings: name → value (a literal, or an ARM expression in brackets).</summary>
    internal IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var config = Main.ResourcesOfType("Microsoft.Web/sites/config")
                .Single(r => ((string?)r["name"])?.Contains("'appsettings'", StringComparison.Ordinal) == true);
            var properties = config["properties"] as JsonObject
                ?? throw new InvalidOperationException("The appsettings resource's properties are an expression; keep them a literal object so they can be checked.");
            return properties.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.OrdinalIgnoreCase);
        }
    }
}
