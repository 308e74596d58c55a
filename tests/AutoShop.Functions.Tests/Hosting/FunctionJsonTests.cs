using System.Text.Json;
using System.Text.Json.Nodes;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Hosting.Publish;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Hosting;

/// <summary>The generated function.json files and host.json say exactly what the catalog says.</summary>
public sealed class FunctionJsonTests : IAsyncLifetime
{
    private readonly AutoShopApp app = new(TestStorage.NewAccount());
    private readonly string output = Directory.CreateTempSubdirectory("autoshop-functions-").FullName;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        Directory.Delete(output, recursive: true);
    }

    private FunctionCatalog Catalog => app.Services.GetRequiredService<FunctionCatalog>();

    [Fact]
    public void Every_catalog_function_gets_a_function_json_and_nothing_else_does()
    {
        FunctionJsonWriter.Write(Catalog, HostJsonSettings.Locate(AppContext.BaseDirectory), output);

        var folders = Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Catalog.Functions.Select(f => f.Name).Order(StringComparer.Ordinal), folders);
        Assert.Contains("Health", folders);
        Assert.Contains("RelayOutbox", folders);
        Assert.Contains("FanOutAppointmentEvents", folders);
    }

    [Fact]
    public void Bindings_match_each_trigger()
    {
        FunctionJsonWriter.Write(Catalog, HostJsonSettings.Locate(AppContext.BaseDirectory), output);

        foreach (var function in Catalog.Functions)
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, function.Name, "function.json")))!;
            var trigger = json["bindings"]![0]!;
            Assert.Equal("in", (string?)trigger["direction"]);
            Assert.Equal(function.TriggerBindingName, (string?)trigger["name"]);
            switch (function.Trigger)
            {
                case HttpFunctionTrigger http:
                    Assert.Equal("httpTrigger", (string?)trigger["type"]);
                    Assert.Equal(http.Route, (string?)trigger["route"]);
                    Assert.Equal(http.Methods, trigger["methods"]!.AsArray().Select(m => (string)m!));
                    Assert.Equal("http", (string?)json["bindings"]![1]!["type"]);
                    Assert.False(http.Route.StartsWith("api/", StringComparison.Ordinal), "the host adds the api/ prefix itself");
                    break;
                case QueueFunctionTrigger queue:
                    Assert.Equal("queueTrigger", (string?)trigger["type"]);
                    Assert.Equal(queue.QueueName, (string?)trigger["queueName"]);
                    Assert.Equal("AzureWebJobsStorage", (string?)trigger["connection"]);
                    break;
                case TimerFunctionTrigger timer:
                    Assert.Equal("timerTrigger", (string?)trigger["type"]);
                    Assert.Equal(timer.Schedule, (string?)trigger["schedule"]);
                    Assert.Equal(6, timer.Schedule.Split(' ').Length);
                    break;
            }
        }
    }

    [Fact]
    public void Host_json_points_the_custom_handler_at_the_published_executable_and_decodes_base64_queues()
    {
        FunctionJsonWriter.Write(Catalog, HostJsonSettings.Locate(AppContext.BaseDirectory), output);

        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "host.json")))!;
        Assert.Equal("app/AutoShop.Functions", (string?)host["customHandler"]!["description"]!["defaultExecutablePath"]);
        Assert.True((bool?)host["customHandler"]!["enableProxyingHttpRequest"]);
        Assert.Equal("api", (string?)host["extensions"]!["http"]!["routePrefix"]);
        Assert.Equal("base64", (string?)host["extensions"]!["queues"]!["messageEncoding"]);
        Assert.Equal("[4.*, 5.0.0)", (string?)host["extensionBundle"]!["version"]);
        var settings = HostJsonSettings.Load(Path.Combine(output, "host.json"));
        Assert.Equal(5, settings.MaxDequeueCount);
    }

    [Fact]
    public async Task The_publish_command_writes_the_same_functions_the_running_app_serves()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AutoShop.Functions.dll"), FunctionMetadataCommand.Verb, "--output", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        foreach (var function in Catalog.Functions)
        {
            var written = JsonNode.Parse(File.ReadAllText(Path.Combine(output, function.Name, "function.json")));
            Assert.True(JsonNode.DeepEquals(FunctionJsonWriter.ToFunctionJson(function), written), function.Name);
        }
        Assert.Equal(Catalog.Functions.Count, Directory.GetDirectories(output).Length);
        Assert.True(File.Exists(Path.Combine(output, "host.json")));
    }

    [Fact]
    public void Http_routes_with_parameters_keep_their_parameters()
    {
        var route = Catalog.Functions.Select(f => f.Trigger).OfType<HttpFunctionTrigger>().Select(t => t.Route).ToList();

        Assert.Contains("health", route);
        Assert.All(route, r => Assert.DoesNotContain(":", r));
    }
}
