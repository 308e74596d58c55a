using System.Diagnostics;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Operability;

/// <summary>
/// The real executable, started with one setting missing or malformed, must stop with a message that
/// names it. (A process, not the in-memory test host: that host races its own disposal when the app
/// fails to start.)
/// </summary>
public class StartupValidationTests
{
    internal static Dictionary<string, string> ValidSettings() => new()
    {
        ["AzureWebJobsStorage"] = TestStorage.NewAccount(),
        ["Staff__ApiKeys__ops"] = "startup-test-key-0123456789",
        ["Email__SmtpHost"] = "127.0.0.1",
        ["Email__SmtpPort"] = "25",
        ["Email__From"] = "AutoShop <no-reply@autoshop.test>",
        ["Links__PublicBaseUrl"] = "http://127.0.0.1",
        ["Links__SigningKeys__Current"] = AutoShopApp.SigningKey,
        ["Reporting__DashboardSigningKey"] = "startup-test-dashboard-signing-key-0123456789",
        ["Standalone__Urls"] = "http://127.0.0.1:0",
        ["DurableTaskHubName"] = "AutoShopStartup",
        ["LocalHost__Durable__RunWorker"] = "false",
    };

    /// <summary>The executable with these settings as environment variables, in <paramref name="environment"/>.</summary>
    internal static ProcessStartInfo StartInfo(Dictionary<string, string> settings, string environment = "Testing")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AutoShop.LocalHost.dll") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = environment, ["DOTNET_ENVIRONMENT"] = environment },
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        return start;
    }

    internal static async Task<(int ExitCode, string Output)> StartAsync(Dictionary<string, string> settings, string environment = "Testing")
    {
        using var process = Process.Start(StartInfo(settings, environment))!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The app kept running although a setting was missing.");
        }
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task A_missing_storage_setting_stops_the_app_naming_the_setting()
    {
        var settings = ValidSettings();
        settings["AzureWebJobsStorage"] = "";

        var (exitCode, output) = await StartAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("AzureWebJobsStorage", output);
    }

    [Fact]
    public async Task A_missing_task_hub_name_stops_the_app_naming_the_setting()
    {
        // The app has orchestrations (exception approvals), so its task hub must be named, one per environment.
        var settings = ValidSettings();
        settings.Remove("DurableTaskHubName");

        var (exitCode, output) = await StartAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Set DurableTaskHubName", output);
    }

    [Fact]
    public async Task A_too_short_staff_api_key_stops_the_app_naming_the_setting()
    {
        var settings = ValidSettings();
        settings["Staff__ApiKeys__weak"] = "short";

        var (exitCode, output) = await StartAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Staff__ApiKeys__weak", output);
    }

    [Fact]
    public async Task A_malformed_signing_key_stops_the_app_naming_the_setting()
    {
        var settings = ValidSettings();
        settings["Links__SigningKeys__Current"] = "k1:not-base64!";

        var (exitCode, output) = await StartAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Links__SigningKeys__Current", output);
    }
}
