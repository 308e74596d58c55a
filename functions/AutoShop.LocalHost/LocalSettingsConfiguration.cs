using System.Text.Json;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace AutoShop.LocalHost;

/// <summary>
/// Reads the <c>Values</c> of a Functions-style <c>local.settings.json</c> (as <c>func start</c> would)
/// so the standalone app runs with the same file. Environment variables still win.
/// </summary>
public static class LocalSettingsConfiguration
{
    public const string FileName = "local.settings.json";

    public static IConfigurationBuilder AddLocalSettings(this IConfigurationManager configuration, string startDirectory)
    {
        var path = Find(startDirectory);
        if (path is null) return configuration;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
            throw new InvalidOperationException($"{path} has no \"Values\" object.");
        var data = values.EnumerateObject().ToDictionary(
            p => p.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal),
            p => (string?)(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()));
        var sources = ((IConfigurationBuilder)configuration).Sources;
        var envIndex = sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource);
        sources.Insert(envIndex < 0 ? sources.Count : envIndex, new MemoryConfigurationSource { InitialData = data });
        return configuration;
    }

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate)) return candidate;
            if (File.Exists(Path.Combine(dir.FullName, "AutoShop.sln"))) return null; // stop at the repo root
        }
        return null;
    }
}
