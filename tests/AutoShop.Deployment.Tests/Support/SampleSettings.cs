using System.Text.Json;

namespace AutoShop.Deployment.Tests.Support;

/// <summary>
/// local.settings.sample.json: the documented list of every setting, with safe local defaults. Read
/// on every run, so a setting someone adds there shows up in the drift tests straight away.
/// </summary>
internal static class SampleSettings
{
    public static string Path => RepoFiles.Combine("local.settings.sample.json");

    public static IReadOnlyDictionary<string, string> Values()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path));
        return doc.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(),
                StringComparer.OrdinalIgnoreCase);
    }
}
