namespace AutoShop.Deployment.Tests;

/// <summary>
/// The only settings allowed to differ between what the app reads (local.settings.sample.json and its
/// typed options) and what infra/bicep declares for the function app. Each entry says why. Keys use the
/// app-setting form (<c>__</c>); <c>*</c> matches one or more trailing segments.
/// </summary>
public static class SettingAllowLists
{
    /// <summary>Local-only: documented in the sample for a developer machine, and never deployed.</summary>
    public static readonly IReadOnlyDictionary<string, string> LocalOnly = new Dictionary<string, string>
    {
        ["Standalone__Urls"] = "the local host's listen address; in Azure the Functions host serves HTTP",
        ["Seed__DemoData"] = "loads the demo shops at start; a deployed environment holds real shops only",
        ["Seed__DemoDataPath"] = "where the demo seed file is; only meaningful with Seed__DemoData",
        ["Seed__DemoInventoryPath"] = "where the demo stock file is; only meaningful with Seed__DemoData",
        ["LocalHost__Durable__*"] = "how the local host's own durable worker polls and names itself; in Azure the Functions host's Durable extension runs the task hub with host.json's settings",
        ["Staff__ApiKeys__*"] = "local staff API keys; in Azure staff sign in with Entra ID (Staff__EntraAuthority/Audience/Role)",
    };

    /// <summary>Read by the app, but supplied in Azure by something other than an app setting of that name.</summary>
    public static readonly IReadOnlyDictionary<string, string> ProvidedOtherwise = new Dictionary<string, string>
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "Flex Consumption takes the runtime from functionAppConfig.runtime (name 'dotnet-isolated') and rejects this app setting; a test holds the runtime",
        ["AzureWebJobsStorage"] = "a connection string locally; in Azure the identity-based form AzureWebJobsStorage__accountName/__credential/__clientId (no account key)",
    };

    /// <summary>Declared in Bicep for the Functions host, not read by the app itself.</summary>
    public static readonly IReadOnlyDictionary<string, string> AzureOnly = new Dictionary<string, string>
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "where the Functions host sends telemetry",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "the host authenticates to Application Insights with the managed identity (local auth is off)",
        ["AzureWebJobsStorage__credential"] = "tells the host to use a managed identity for AzureWebJobsStorage; the app uses __clientId",
    };

    /// <summary>
    /// Declared ahead of the app code that reads them (work in progress on other branches). Once the
    /// app reads one (sample or options), it is matched there and its entry here can go.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DeclaredAhead = new Dictionary<string, string>
    {
        ["Links__SigningKeys__Current"] = "link-signing key (keyId:base64key) from Key Vault; signs new links",
        ["Links__SigningKeys__Previous"] = "the key before the last rotation, still accepted during the grace period (docs/deploy.md)",
        ["Teams__WebhookUrl"] = "Teams Workflows webhook for staff approvals, from Key Vault",
    };

    public static bool Matches(string pattern, string key) =>
        pattern.EndsWith("__*", StringComparison.Ordinal)
            ? key.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase) || string.Equals(pattern, key, StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, key, StringComparison.OrdinalIgnoreCase);

    public static bool AnyMatches(IEnumerable<string> patterns, string key) => patterns.Any(p => Matches(p, key));
}
