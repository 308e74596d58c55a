using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoShop.Deployment.Tests.Support;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Hosting.Publish;

namespace AutoShop.Deployment.Tests;

/// <summary>
/// The zip scripts/publish.sh builds is what the Functions host on Flex Consumption unpacks: it must
/// find host.json at the root, one &lt;name&gt;/function.json per catalog function with exactly the
/// catalog's bindings, and an executable custom handler where host.json says.
/// </summary>
public sealed partial class DeploymentPackageTests(PublishedPackage package, AppModel app, CompiledTemplate template)
    : IClassFixture<PublishedPackage>
{
    private const int UnixExecuteBits = 0b001_001_001; // --x--x--x

    [Fact]
    public void Every_catalog_function_has_a_function_json_at_the_root_and_nothing_else_does()
    {
        var inZip = package.Zip.Entries
            .Where(e => e.FullName.EndsWith("/function.json", StringComparison.Ordinal))
            .Select(e => e.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(app.Catalog.Functions.Select(f => $"{f.Name}/function.json").Order(StringComparer.Ordinal), inZip);
        Assert.All(app.Catalog.Functions, f => Assert.Matches(FunctionName(), f.Name));
    }

    [Fact]
    public void Each_function_json_parses_and_holds_exactly_the_catalog_bindings()
    {
        Assert.NotEmpty(app.Catalog.Functions);
        foreach (var function in app.Catalog.Functions)
        {
            var json = ReadJson($"{function.Name}/function.json");

            Assert.True(JsonNode.DeepEquals(FunctionJsonWriter.ToFunctionJson(function), json),
                $"{function.Name}/function.json differs from the catalog: {json.ToJsonString()}");
        }
    }

    [Fact]
    public void Host_json_points_the_custom_handler_at_an_executable_file_in_the_package()
    {
        var description = ReadJson("host.json")["customHandler"]!["description"]!;
        var executable = (string)description["defaultExecutablePath"]!;
        var workingDirectory = (string?)description["workingDirectory"];

        var entry = package.Zip.GetEntry(executable);
        Assert.True(entry is not null, $"host.json starts '{executable}', which is not in the zip");
        var mode = UnixMode(entry);
        Assert.True((mode & UnixExecuteBits) == UnixExecuteBits, $"'{executable}' has mode {Convert.ToString(mode, 8)}: the host could not execute it");
        if (!string.IsNullOrEmpty(workingDirectory))
            Assert.Contains(package.Zip.Entries, e => e.FullName.StartsWith(workingDirectory.TrimEnd('/') + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_published_runtime_settings_keep_the_instance_cores_for_work_no_server_GC_no_dynamic_PGO_no_thread_pool_spinning()
    {
        var executable = (string)ReadJson("host.json")["customHandler"]!["description"]!["defaultExecutablePath"]!;
        var runtimeConfig = executable + ".runtimeconfig.json"; // the apphost and its runtime settings side by side

        var properties = ReadJson(runtimeConfig)["runtimeOptions"]!["configProperties"]!;

        Assert.False((bool)properties["System.GC.Server"]!);
        Assert.False((bool)properties["System.Runtime.TieredPGO"]!);
        Assert.Equal(0, (int)properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!);
    }

    [Fact]
    public void Queue_triggers_read_queues_and_a_connection_that_the_Bicep_template_provides()
    {
        var declaredQueues = template.Main.StringArrayVariable("storageQueues");
        foreach (var function in app.Catalog.Of<QueueFunctionTrigger>())
        {
            var trigger = ReadJson($"{function.Name}/function.json")["bindings"]![0]!;
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

    /// <summary>The st_mode a unix zip tool stores in the high 16 bits of the external attributes.</summary>
    private static int UnixMode(ZipArchiveEntry entry) => (entry.ExternalAttributes >> 16) & 0xFFFF;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex FunctionName();
}
