using System.Diagnostics;
using System.Text.RegularExpressions;
using AutoShop.Functions.Configuration;
using AutoShop.Testing;
using Microsoft.Extensions.Configuration;

namespace AutoShop.Functions.Tests.Operability;

/// <summary>
/// The secrets in <c>local.settings.sample.json</c> are public: outside Development the real executable refuses to
/// start with any of them, naming the setting; in Development it starts with them. The list of secret settings in
/// the app is held against the sample file, so a new sample secret cannot be left out.
/// </summary>
public sealed partial class SampleSecretsTests
{
    private static readonly IReadOnlyDictionary<string, string> Sample = ReadSampleFile();

    /// <summary>Every setting of the sample file that holds a secret with a value.</summary>
    private static readonly IReadOnlyList<string> WithSampleValues = [.. Sample.Where(s => s.Value.Length > 0 && SampleSecrets.IsSecret(s.Key)).Select(s => s.Key).Order()];

    public static TheoryData<string> SampleSecretSettings => [.. WithSampleValues];

    [Fact]
    public void Every_setting_of_the_sample_file_whose_name_says_secret_is_a_secret_setting_of_the_app()
    {
        var looksSecret = Sample.Keys.Where(k => SecretName().IsMatch(k)).ToList();

        Assert.NotEmpty(looksSecret);
        Assert.All(looksSecret, k => Assert.True(SampleSecrets.IsSecret(k), $"{k} looks like a secret: add it to SampleSecrets.Settings"));
        Assert.All(SampleSecrets.Settings, pattern => Assert.Contains(Sample.Keys, k => SampleSecrets.IsSecret(k) && Matches(pattern, k)));
        Assert.Equal(4, WithSampleValues.Count); // the link key, the demo staff key, the dashboard key, the inbound SMS key
    }

    [Fact]
    public void A_sample_secret_is_found_under_any_secret_setting_and_a_signing_key_under_any_key_id()
    {
        var material = Sample["Links__SigningKeys__Current"].Split(':', 2)[1];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Links:SigningKeys:Current"] = "prod1:" + material,
            ["Staff:ApiKeys:ops"] = Sample["Staff__ApiKeys__demo-staff"],
            ["Reporting:DashboardPreviousSigningKey"] = Sample["Reporting__DashboardSigningKey"],
            ["Sms:InboundWebhookKey"] = "a-key-of-its-own-0123456789",
            ["Email:SmtpPort"] = Sample["Email__SmtpPort"], // not a secret: sample values elsewhere are fine
        }).Build();

        Assert.Equal(["Links__SigningKeys__Current", "Reporting__DashboardPreviousSigningKey", "Staff__ApiKeys__ops"], SampleSecrets.FoundIn(configuration, Sample));
    }

    [Theory]
    [MemberData(nameof(SampleSecretSettings))]
    public async Task Production_refuses_to_start_with_a_sample_secret_naming_the_setting(string setting)
    {
        var settings = StartupValidationTests.ValidSettings();
        settings[setting] = Sample[setting];

        var (exitCode, output) = await StartupValidationTests.StartAsync(settings, "Production");

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{setting} holds the sample secret", output);
    }

    [Fact]
    public async Task Staging_refuses_to_start_with_the_sample_secrets_naming_each()
    {
        var settings = StartupValidationTests.ValidSettings();
        foreach (var setting in WithSampleValues) settings[setting] = Sample[setting];

        var (exitCode, output) = await StartupValidationTests.StartAsync(settings, "Staging");

        Assert.NotEqual(0, exitCode);
        Assert.All(WithSampleValues, setting => Assert.Contains($"{setting} holds the sample secret", output));
    }

    [Fact]
    public async Task Development_starts_with_the_sample_secrets()
    {
        var settings = StartupValidationTests.ValidSettings();
        foreach (var setting in WithSampleValues) settings[setting] = Sample[setting];

        var output = await StartsAsync(settings, "Development");

        Assert.DoesNotContain("holds the sample secret", output);
    }

    [Fact]
    public async Task Production_starts_with_secrets_of_its_own()
    {
        var output = await StartsAsync(StartupValidationTests.ValidSettings(), "Production");

        Assert.DoesNotContain("holds the sample secret", output);
    }

    /// <summary>Starts the executable, waits (bounded) until it says it has started, and stops it.</summary>
    private static async Task<string> StartsAsync(Dictionary<string, string> settings, string environment)
    {
        var ct = TestContext.Current.CancellationToken;
        var start = StartupValidationTests.StartInfo(settings, environment);
        using var process = Process.Start(start)!;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Keep(string? line)
        {
            if (line is null) return;
            lines.Enqueue(line);
            if (line.Contains("Application started", StringComparison.Ordinal)) started.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Task.WhenAny(started.Task, process.WaitForExitAsync(ct)).WaitAsync(TimeSpan.FromSeconds(60), ct);
            Assert.True(started.Task.IsCompleted, $"The app did not start in {environment}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
            return string.Join(Environment.NewLine, lines);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static IReadOnlyDictionary<string, string> ReadSampleFile()
    {
        using var file = File.OpenRead(Path.Combine(RepoPaths.Root, SampleSecrets.SampleFile));
        return SampleSecrets.ReadSample(file);
    }

    private static bool Matches(string pattern, string setting) => pattern.EndsWith('*')
        ? setting.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
        : string.Equals(pattern, setting, StringComparison.OrdinalIgnoreCase);

    /// <summary>What a secret's setting name says: a key, a secret, a password, a token, a connection string, a webhook URL.</summary>
    [GeneratedRegex("(Key|Keys|Secret|Password|Token|ConnectionString|Webhook)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
