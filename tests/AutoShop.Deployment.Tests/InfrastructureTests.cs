using AutoShop.Deployment.Tests.Support;

namespace AutoShop.Deployment.Tests;

/// <summary>The security and hosting facts the deployment depends on, read from the compiled main.bicep.</summary>
public sealed class InfrastructureTests(CompiledTemplate template)
{
    private ArmTemplate Main => template.Main;

    [Fact]
    public void Storage_allows_no_public_blobs_no_shared_keys_and_only_HTTPS_with_TLS_1_2()
    {
        var properties = Main.Single("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.All(Main.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            container => Assert.Equal("None", (string?)container["properties"]!["publicAccess"]));
    }

    [Fact]
    public void The_app_runs_as_a_user_assigned_identity_with_data_roles_on_storage_and_read_access_to_secrets()
    {
        var identity = Main.Module("identity");
        var roles = identity.Variable("roles")!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);

        Assert.Equal("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", roles["storageBlobDataOwner"]);
        Assert.Equal("974c5e8b-45b9-4653-ba55-5f855dd0fb88", roles["storageQueueDataContributor"]);
        Assert.Equal("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", roles["storageTableDataContributor"]);
        Assert.Equal("4633458b-17de-408a-b874-0445c86b69e6", roles["keyVaultSecretsUser"]);
        Assert.Equal(
            ["[variables('roles').storageBlobDataOwner]", "[variables('roles').storageQueueDataContributor]", "[variables('roles').storageTableDataContributor]"],
            identity.StringArrayVariable("storageRoles"));
        var site = Main.Single("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)site["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public void The_function_app_is_a_Linux_Flex_Consumption_app_deployed_from_blob_storage_with_its_identity()
    {
        var plan = Main.Single("Microsoft.Web/serverfarms");
        var site = Main.Single("Microsoft.Web/sites");
        var deployment = site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.True((bool)site["properties"]!["httpsOnly"]!);
        Assert.Equal("blobContainer", (string?)deployment["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)deployment["authentication"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)deployment["authentication"]!["userAssignedIdentityResourceId"]);
        Assert.NotNull(site["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["maximumInstanceCount"]);
    }

    [Fact]
    public void Key_Vault_authorizes_with_RBAC_and_keeps_deleted_secrets()
    {
        var properties = Main.Single("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)properties["enableRbacAuthorization"]!);
        Assert.True((bool)properties["enableSoftDelete"]!);
    }

    [Fact]
    public void Email_goes_out_through_an_Azure_managed_domain_linked_to_Communication_Services()
    {
        var domain = Main.Single("Microsoft.Communication/emailServices/domains");
        var communication = Main.Single("Microsoft.Communication/communicationServices");

        Assert.Equal("AzureManaged", (string?)domain["properties"]!["domainManagement"]);
        Assert.Equal("Disabled", (string?)domain["properties"]!["userEngagementTracking"]);
        Assert.Single(communication["properties"]!["linkedDomains"]!.AsArray());
        Assert.Equal("smtp.azurecomm.net", template.AppSettings["Email__SmtpHost"]);
        Assert.Equal("587", template.AppSettings["Email__SmtpPort"]);
        Assert.Equal("true", template.AppSettings["Email__UseStartTls"]);
    }

    [Fact]
    public void Application_Insights_sits_on_a_Log_Analytics_workspace_and_takes_identity_ingestion_only()
    {
        var insights = Main.Single("Microsoft.Insights/components")["properties"]!;

        Assert.NotNull(insights["WorkspaceResourceId"]);
        Assert.True((bool)insights["DisableLocalAuth"]!);
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD'", template.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }
}
