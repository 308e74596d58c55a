using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoShop.LocalHost;

/// <summary>
/// The queue settings of <c>host.json</c>. The standalone listeners read them from the same file the
/// Functions host reads, so retries and poisoning behave alike in both modes.
/// </summary>
public sealed record HostJsonSettings(
    int MaxDequeueCount,
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan VisibilityTimeout,
    TimeSpan MaxPollingInterval,
    string MessageEncoding)
{
    public const string FileName = "host.json";

    public static HostJsonSettings Load(string path)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"host.json was not found at '{path}'. It ships next to the executable.");
        var root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
            ?? throw new InvalidOperationException("host.json is empty.");
        var queues = root["extensions"]?["queues"];
        var batchSize = queues?["batchSize"]?.GetValue<int>() ?? 16;
        return new HostJsonSettings(
            MaxDequeueCount: queues?["maxDequeueCount"]?.GetValue<int>() ?? 5,
            BatchSize: batchSize,
            // The Functions host's default on one core; it fetches the next batch when this few are still running.
            NewBatchThreshold: queues?["newBatchThreshold"]?.GetValue<int>() ?? batchSize / 2,
            VisibilityTimeout: ParseSpan(queues?["visibilityTimeout"], TimeSpan.Zero),
            MaxPollingInterval: ParseSpan(queues?["maxPollingInterval"], TimeSpan.FromMinutes(1)),
            MessageEncoding: queues?["messageEncoding"]?.GetValue<string>() ?? "base64");
    }

    /// <summary>host.json is copied next to the app's binaries (and sits one level up in a published package).</summary>
    public static string Locate(string baseDirectory)
    {
        var here = Path.Combine(baseDirectory, FileName);
        var parent = Path.Combine(baseDirectory, "..", FileName);
        return File.Exists(here) ? here : File.Exists(parent) ? Path.GetFullPath(parent) : here;
    }

    private static TimeSpan ParseSpan(JsonNode? node, TimeSpan fallback) =>
        node is null ? fallback : TimeSpan.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
