using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoShop.Deployment.Tests.Support;
using AutoShop.Functions.Hosting.Catalog;

namespace AutoShop.Deployment.Tests;

/// <summary>
/// The zip scripts/publish.sh builds is what the Functions host on Flex Consumption unpacks: host.json at
/// the root, the isolated worker (worker.config.json), the functions the Worker SDK found
/// (functions.metadata) and the host extensions they need (.azurefunctions/). The functions are held
/// against a list kept by hand (functions.expected.txt), so adding or removing one is a deliberate change.
/// </summary>
public sealed class DeploymentPackageTests(PublishedPackage package, AppModel app, CompiledTemplate template)
    : IClassFixture<PublishedPackage>
{
    [Fact]
    public void The_published_functions_are_exactly_the_expected_ones()
    {
        var expected = File.ReadAllLines(RepoFiles.Combine("tests", "AutoShop.Deployment.Tests", "functions.expected.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(Normalize).Order(StringComparer.Ordinal);

        Assert.Equal(expected, PublishedFunctions().Select(f => f.Line).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_local_host_runs_the_same_functions_the_Functions_host_is_given()
    {
        var local = app.Catalog.Functions.Select(f => Normalize(f.Trigger switch
        {
            HttpFunctionTrigger h => $"{f.Name} http {string.Join(',', h.Methods)} {h.Route}",
            QueueFunctionTrigger q => $"{f.Name} queue {q.QueueName} {q.Connection}",
            TimerFunctionTrigger t => $"{f.Name} timer {t.Schedule}",
            OrchestrationFunctionTrigger => $"{f.Name} orchestration",
            ActivityFunctionTrigger => $"{f.Name} activity",
            _ => f.Name,
        })).Order(StringComparer.Ordinal);

        Assert.Equal(local, PublishedFunctions().Select(f => f.Line).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_package_runs_the_dotnet_isolated_worker_with_the_host_extensions_its_triggers_need()
    {
        var worker = ReadJson("worker.config.json")["description"]!;
        Assert.Equal("dotnet-isolated", (string)worker["language"]!);
        Assert.NotNull(package.Zip.GetEntry((string)worker["defaultWorkerPath"]!));
        Assert.NotNull(package.Zip.GetEntry(".azurefunctions/Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll"));
        Assert.NotNull(package.Zip.GetEntry(".azurefunctions/Microsoft.Azure.WebJobs.Extensions.DurableTask.dll"));
        Assert.NotNull(package.Zip.GetEntry("host.json"));
        Assert.Equal("", (string)ReadJson("host.json")["extensions"]!["http"]!["routePrefix"]!);
    }

    [Fact]
    public void The_durable_task_hub_is_named_by_an_app_setting_the_Bicep_template_provides()
    {
        var hubName = (string)ReadJson("host.json")["extensions"]!["durableTask"]!["hubName"]!;

        // Without it the Durable extension would name the hub after the site, and the local host would refuse to start.
        Assert.Matches("^%[A-Za-z0-9_]+%$", hubName);
        Assert.True(template.AppSettings.ContainsKey(hubName.Trim('%')), $"no {hubName.Trim('%')} app setting in Bicep");
    }

    [Fact]
    public void The_published_runtime_settings_keep_the_instance_cores_for_work_no_server_GC_no_dynamic_PGO_no_thread_pool_spinning()
    {
        var properties = ReadJson("AutoShop.Functions.runtimeconfig.json")["runtimeOptions"]!["configProperties"]!;

        Assert.False((bool)properties["System.GC.Server"]!);
        Assert.False((bool)properties["System.Runtime.TieredPGO"]!);
        Assert.Equal(0, (int)properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!);
    }

    [Fact]
    public void Queue_triggers_read_queues_and_a_connection_that_the_Bicep_template_provides()
    {
        var declaredQueues = template.Main.StringArrayVariable("storageQueues");
        var queueTriggers = PublishedFunctions().Select(f => f.Trigger).Where(t => (string?)t["type"] == "queueTrigger").ToList();
        Assert.NotEmpty(queueTriggers);
        foreach (var trigger in queueTriggers)
        {
            var connection = (string)trigger["connection"]!;

            Assert.Contains((string)trigger["queueName"]!, declaredQueues);
            // Identity-based connection: the host resolves "<connection>__accountName" with "<connection>__credential".
            Assert.True(template.AppSettings.ContainsKey($"{connection}__accountName"), $"no {connection}__accountName app setting");
            Assert.Equal("managedidentity", template.AppSettings[$"{connection}__credential"]);
        }
    }

    private JsonNode ReadJson(string entryName)
    {
        var entry = package.Zip.GetEntry(entryName) ?? throw new Xunit.Sdk.XunitException($"{entryName} is not in the zip");
        using var stream = entry.Open();
        return JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
            ?? throw new Xunit.Sdk.XunitException($"{entryName} is empty");
    }

    /// <summary>Each function of functions.metadata as one line: name, trigger kind and what it listens to.</summary>
    private List<(string Line, JsonNode Trigger)> PublishedFunctions() =>
        ReadJson("functions.metadata").AsArray().Select(f =>
        {
            var name = (string)f!["name"]!;
            var trigger = f["bindings"]!.AsArray().Single(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.Ordinal))!;
            var line = (string)trigger["type"]! switch
            {
                "httpTrigger" => $"{name} http {string.Join(',', trigger["methods"]!.AsArray().Select(m => ((string)m!).ToUpperInvariant()))} {(string)trigger["route"]!}",
                "queueTrigger" => $"{name} queue {(string)trigger["queueName"]!} {(string?)trigger["connection"]}",
                "timerTrigger" => $"{name} timer {(string)trigger["schedule"]!}",
                "orchestrationTrigger" => $"{name} orchestration",
                "activityTrigger" => $"{name} activity",
                var other => $"{name} {other}",
            };
            return (Normalize(line), trigger);
        }).ToList();

    private static string Normalize(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
