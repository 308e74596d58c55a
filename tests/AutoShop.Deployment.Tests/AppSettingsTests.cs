using AutoShop.Deployment.Tests.Support;
using static AutoShop.Deployment.Tests.SettingAllowLists;

namespace AutoShop.Deployment.Tests;

/// <summary>
/// Every setting the app reads has its counterpart in infra/bicep (an app setting, a Key Vault
/// reference or an identity-based connection), and Bicep declares nothing the app does not read.
/// Both lists are read fresh: a setting added to local.settings.sample.json or to an options class
/// fails here until the Bicep template declares it (or an allow-list says why it must not).
/// </summary>
public sealed class AppSettingsTests(CompiledTemplate template, AppModel app)
{
    private IReadOnlyDictionary<string, string> Bicep => template.AppSettings;

    [Fact]
    public void Every_documented_setting_has_a_Bicep_counterpart()
    {
        var missing = SampleSettings.Values().Keys
            .Where(key => !AnyMatches(LocalOnly.Keys, key) && !AnyMatches(ProvidedOtherwise.Keys, key))
            .Where(key => !Bicep.ContainsKey(key))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0,
            $"local.settings.sample.json has settings that infra/bicep/modules/functionapp.bicep (appSettings) does not declare: {string.Join(", ", missing)}. " +
            "Declare each there (a Key Vault reference for secrets), or, if it must never reach Azure, add it to SettingAllowLists.LocalOnly with the reason.");
    }

    [Fact]
    public void Every_Bicep_setting_is_one_the_app_or_the_Functions_host_reads()
    {
        var readByApp = SampleSettings.Values().Keys.Concat(OptionsSettings.Settings(app.Registrations).Select(s => s.Key)).ToList();
        var unknown = Bicep.Keys
            .Where(key => !AnyMatches(readByApp, key) && !AnyMatches(AzureOnly.Keys, key) && !AnyMatches(DeclaredAhead.Keys, key))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(unknown.Count == 0,
            $"infra/bicep declares settings nothing reads: {string.Join(", ", unknown)}. " +
            "Document them in local.settings.sample.json, or remove them from the template.");
    }

    [Fact]
    public void Every_required_option_is_set_in_Azure()
    {
        var unset = OptionsSettings.Settings(app.Registrations)
            .Where(s => s.Required && !AnyMatches(LocalOnly.Keys, s.Key) && !Bicep.ContainsKey(s.Key))
            .Select(s => $"{s.Key} ({s.OptionsType.Name})")
            .ToList();

        Assert.True(unset.Count == 0, $"Required options without a Bicep app setting (the app would refuse to start): {string.Join(", ", unset)}");
    }

    [Fact]
    public void The_options_the_app_binds_are_found()
    {
        // Guards the reflection above: if it stopped finding options, the drift tests would pass vacuously.
        var types = OptionsSettings.OptionsTypes(app.Registrations).Select(t => t.Name).ToList();

        Assert.Contains("EmailOptions", types);
        Assert.Contains("StaffAuthOptions", types);
        Assert.Contains("StorageOptions", types);
        Assert.Contains(OptionsSettings.Settings(app.Registrations), s => s.Key == "Email__SmtpHost" && s.Required);
    }

    [Fact]
    public void Local_only_settings_are_not_deployed()
    {
        var deployed = Bicep.Keys.Where(key => AnyMatches(LocalOnly.Keys, key)).ToList();

        Assert.Empty(deployed);
    }

    [Fact]
    public void The_isolated_worker_runtime_comes_from_functionAppConfig_not_an_app_setting()
    {
        Assert.Equal("dotnet-isolated", SampleSettings.Values()["FUNCTIONS_WORKER_RUNTIME"]);
        var runtime = template.Main.Single("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal("10.0", (string?)runtime["version"]);
        Assert.False(Bicep.ContainsKey("FUNCTIONS_WORKER_RUNTIME"), "Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME as an app setting");
    }

    [Fact]
    public void Storage_is_reached_with_the_managed_identity_and_never_a_key()
    {
        Assert.Equal("managedidentity", Bicep["AzureWebJobsStorage__credential"]);
        Assert.Contains("identityClientId", Bicep["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Contains("storageAccountName", Bicep["AzureWebJobsStorage__accountName"], StringComparison.Ordinal);
        Assert.False(Bicep.ContainsKey("AzureWebJobsStorage"), "a connection string would carry an account key");
        Assert.All(Bicep, setting =>
        {
            Assert.DoesNotContain("listKeys", setting.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AccountKey", setting.Value, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Theory]
    [InlineData("Links__SigningKeys__Current", "links-signing-key-current")]
    [InlineData("Links__SigningKeys__Previous", "links-signing-key-previous")]
    [InlineData("Email__Password", "email-smtp-password")]
    [InlineData("Teams__WebhookUrl", "teams-webhook-url")]
    public void Secrets_reach_the_app_as_versionless_Key_Vault_references(string setting, string secretName)
    {
        var value = Bicep[setting];

        Assert.Contains($"@Microsoft.KeyVault(SecretUri={{0}}secrets/{secretName}/)", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_secret_looking_setting_is_a_Key_Vault_reference()
    {
        string[] secretWords = ["Password", "Secret", "SigningKey", "WebhookUrl", "ApiKey", "ConnectionString", "AccessKey"];
        var plain = Bicep
            .Where(s => secretWords.Any(w => s.Key.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Where(s => !AzureOnly.ContainsKey(s.Key)) // the App Insights connection string is no credential once local auth is off
            .Where(s => !s.Value.Contains("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal))
            .Select(s => s.Key)
            .ToList();

        Assert.Empty(plain);
    }

    [Fact]
    public void The_previous_signing_key_is_referenced_only_during_a_rotation()
    {
        // An unresolvable Key Vault reference reaches the app as its literal text, so outside a rotation the setting is empty.
        Assert.StartsWith("[if(parameters('hasPreviousSigningKey'), format('@Microsoft.KeyVault(", Bicep["Links__SigningKeys__Previous"], StringComparison.Ordinal);
        Assert.EndsWith(", '')]", Bicep["Links__SigningKeys__Previous"], StringComparison.Ordinal);
    }
}
