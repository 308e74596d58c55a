using System.Text.Json;
using System.Text.Json.Nodes;
using AutoShop.Functions.Hosting.Catalog;

namespace AutoShop.Functions.Hosting.Publish;

/// <summary>Writes the <c>{FunctionName}/function.json</c> files the Functions host discovers, from the catalog.</summary>
public static class FunctionJsonWriter
{
    public const string StorageConnection = "AzureWebJobsStorage";

    public static JsonObject ToFunctionJson(FunctionDefinition function)
    {
        var bindings = function.Trigger switch
        {
            HttpFunctionTrigger http => new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger", ["direction"] = "in", ["name"] = function.TriggerBindingName,
                    ["authLevel"] = http.AuthLevel,
                    ["methods"] = new JsonArray(http.Methods.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
                    ["route"] = http.Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            QueueFunctionTrigger queue => new JsonArray(new JsonObject
            {
                ["type"] = "queueTrigger", ["direction"] = "in", ["name"] = function.TriggerBindingName,
                ["queueName"] = queue.QueueName, ["connection"] = StorageConnection,
            }),
            TimerFunctionTrigger timer => new JsonArray(new JsonObject
            {
                ["type"] = "timerTrigger", ["direction"] = "in", ["name"] = function.TriggerBindingName,
                ["schedule"] = timer.Schedule,
            }),
            _ => throw new InvalidOperationException($"Unknown trigger for {function.Name}"),
        };
        return new JsonObject { ["bindings"] = bindings };
    }

    /// <summary>Writes host.json and one folder per function into <paramref name="outputDirectory"/>.</summary>
    public static IReadOnlyList<string> Write(FunctionCatalog catalog, string hostJsonPath, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        File.Copy(hostJsonPath, Path.Combine(outputDirectory, HostJsonSettings.FileName), overwrite: true);
        var written = new List<string>();
        var options = new JsonSerializerOptions { WriteIndented = true };
        foreach (var function in catalog.Functions)
        {
            var folder = Path.Combine(outputDirectory, function.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "function.json");
            File.WriteAllText(path, ToFunctionJson(function).ToJsonString(options));
            written.Add(path);
        }
        return written;
    }
}
