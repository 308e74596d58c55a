using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AutoShop.LocalHost.Durable;

/// <summary>
/// The task hub as host.json's <c>extensions.durableTask</c> declares it for the Functions host: its name
/// (<c>%DurableTaskHubName%</c>, an app setting per environment), its partition count and its queue polling
/// interval. The local host reads the same file, so a hub it creates has Azure's layout: the same tables,
/// queues and partitioning (a partition count cannot change once a hub holds instances).
/// </summary>
public sealed partial record TaskHubLayout(string HubName, int PartitionCount, TimeSpan MaxQueuePollingInterval)
{
    public static TaskHubLayout Load(string hostJsonPath, IConfiguration configuration)
    {
        var root = JsonNode.Parse(File.ReadAllText(hostJsonPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var durable = root?["extensions"]?["durableTask"]
            ?? throw new InvalidOperationException($"{hostJsonPath} has no extensions.durableTask section.");
        var provider = durable["storageProvider"];
        return new TaskHubLayout(
            Resolve(durable["hubName"]?.GetValue<string>() ?? throw new InvalidOperationException("host.json sets no extensions.durableTask.hubName."), configuration),
            provider?["partitionCount"]?.GetValue<int>() ?? 4,
            provider?["maxQueuePollingInterval"] is { } polling
                ? TimeSpan.Parse(polling.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
                : TimeSpan.FromSeconds(30)).Validated();
    }

    /// <summary>As the Functions host does: <c>%Name%</c> is the app setting of that name.</summary>
    private static string Resolve(string value, IConfiguration configuration)
    {
        var match = AppSettingReference().Match(value);
        if (!match.Success) return value;
        var name = match.Groups[1].Value;
        var resolved = configuration[name] ?? configuration[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)];
        return string.IsNullOrWhiteSpace(resolved)
            ? throw new InvalidOperationException($"Set {name}: the durable task hub's name (host.json extensions.durableTask.hubName reads it), one per environment.")
            : resolved.Trim();
    }

    /// <summary>Durable Functions' rules: letters and digits, a letter first, 3 to 50 characters; 1 to 16 partitions.</summary>
    private TaskHubLayout Validated()
    {
        if (!HubNamePattern().IsMatch(HubName))
            throw new InvalidOperationException($"Task hub name '{HubName}' is not valid: letters and digits only, starting with a letter, 3 to 50 characters.");
        if (PartitionCount is < 1 or > 16)
            throw new InvalidOperationException($"host.json extensions.durableTask.storageProvider.partitionCount is {PartitionCount}; it must be 1 to 16.");
        return this;
    }

    [GeneratedRegex("^%([A-Za-z0-9_.:]+)%$")]
    private static partial Regex AppSettingReference();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,49}$")]
    private static partial Regex HubNamePattern();
}
