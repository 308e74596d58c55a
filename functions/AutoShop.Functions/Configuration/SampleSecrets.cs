using System.Text.Json;
using AutoShop.Functions.Links;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Configuration;

/// <summary>
/// The secrets <c>local.settings.sample.json</c> ships with are public (they are in the repository), so an
/// instance outside Development that runs with one of them can be impersonated: a link signed with the sample
/// key opens any customer's booking, the demo staff key opens the staff API. Such a start is refused, naming the
/// setting. The sample values are read from the sample file itself (embedded in the assembly), so a changed
/// sample value is refused without a code change; <see cref="Settings"/> says which of its settings are secrets.
/// </summary>
public static class SampleSecrets
{
    public const string SampleFile = "local.settings.sample.json";

    /// <summary>
    /// Settings that hold secrets, named as in the sample file; <c>*</c> stands for any id. A test holds this list
    /// against the sample file: a new setting there whose name says it is a secret must be listed here.
    /// </summary>
    public static readonly IReadOnlyList<string> Settings =
    [
        "Links__SigningKeys__Current",
        "Links__SigningKeys__Previous",
        "Staff__ApiKeys__*",
        "Reporting__DashboardSigningKey",
        "Reporting__DashboardPreviousSigningKey",
        "Sms__ConnectionString",
        "Sms__InboundWebhookKey",
        "Teams__WebhookUrl",
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Embedded = new(() =>
    {
        using var stream = typeof(SampleSecrets).Assembly.GetManifestResourceStream(SampleFile)
            ?? throw new InvalidOperationException($"{SampleFile} is not embedded in the app.");
        return ReadSample(stream);
    });

    public static bool IsSecret(string setting) => Settings.Any(pattern => Matches(pattern, setting));

    /// <summary>The <c>Values</c> of a Functions-style settings file, by setting name.</summary>
    public static IReadOnlyDictionary<string, string> ReadSample(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The secret settings of <paramref name="configuration"/> (named as in the sample file) that hold a secret of the sample's.</summary>
    public static IReadOnlyList<string> FoundIn(IConfiguration configuration, IReadOnlyDictionary<string, string>? sample = null)
    {
        // Compared across settings: the sample's current link key set as the previous one is as public.
        var known = (sample ?? Embedded.Value)
            .Where(s => IsSecret(s.Key) && !string.IsNullOrWhiteSpace(s.Value))
            .Select(s => Material(s.Value))
            .ToHashSet(StringComparer.Ordinal);
        return [.. configuration.AsEnumerable()
            .Select(c => (Setting: c.Key.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal), c.Value))
            .Where(c => !string.IsNullOrWhiteSpace(c.Value) && IsSecret(c.Setting) && known.Contains(Material(c.Value)))
            .Select(c => c.Setting)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>A signing key under another key id is still the same key.</summary>
    private static string Material(string value) =>
        SigningKey.TryParse(value, out var key, out _) ? Convert.ToBase64String(key.Key) : value.Trim();

    private static bool Matches(string pattern, string setting) => pattern.EndsWith('*')
        ? setting.Length > pattern.Length - 1 && setting.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
        : string.Equals(pattern, setting, StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses to start outside Development while a secret setting holds a sample value.</summary>
    public static IServiceCollection AddSampleSecretsRefusal(this IServiceCollection services)
    {
        services.AddOptions<NoSampleSecrets>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<NoSampleSecrets>, NoSampleSecrets.Validator>();
        return services;
    }
}

/// <summary>Options without settings: their validation at start is the check of <see cref="SampleSecrets"/>.</summary>
public sealed class NoSampleSecrets
{
    internal sealed class Validator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<NoSampleSecrets>
    {
        public ValidateOptionsResult Validate(string? name, NoSampleSecrets options)
        {
            if (environment.IsDevelopment()) return ValidateOptionsResult.Success;
            var found = SampleSecrets.FoundIn(configuration);
            return found.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(found.Select(setting =>
                    $"{setting} holds the sample secret from {SampleSecrets.SampleFile}, which is public. Outside the Development " +
                    $"environment ({environment.EnvironmentName} here) set a secret of your own (docs/deploy.md, \"Secrets\")."));
        }
    }
}
