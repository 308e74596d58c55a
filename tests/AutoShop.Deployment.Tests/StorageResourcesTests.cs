using AutoShop.Deployment.Tests.Support;

namespace AutoShop.Deployment.Tests;

/// <summary>
/// Bicep declares every table, queue (with its poison queue) and container the app provisions, so the
/// account is complete before the first start and nobody has to guess the names. A capability that
/// registers new storage fails here until main.bicep lists it.
/// </summary>
public sealed class StorageResourcesTests(CompiledTemplate template, AppModel app)
{
    [Fact]
    public void Every_table_the_app_uses_is_declared() =>
        AssertDeclared(app.StorageResources.Tables, "storageTables");

    [Fact]
    public void Every_queue_the_app_uses_is_declared() =>
        AssertDeclared(app.StorageResources.Queues, "storageQueues");

    [Fact]
    public void Every_container_the_app_uses_is_declared() =>
        AssertDeclared(app.StorageResources.Containers, "storageContainers");

    [Fact]
    public void Each_declared_queue_gets_its_poison_queue_and_the_package_has_its_own_container()
    {
        var storage = template.Main.Module("storage");
        var queueNames = storage.ResourcesOfType("Microsoft.Storage/storageAccounts/queueServices/queues")
            .Select(q => (string?)q["name"]).ToList();

        // One loop over the queues and one over their poison twins: the host moves a message to
        // "<queue>-poison" after its last failed delivery.
        Assert.Equal(2, queueNames.Count);
        Assert.Contains(queueNames, name => name?.EndsWith(", 'default', parameters('queues')[copyIndex()])]", StringComparison.Ordinal) == true);
        Assert.Contains(queueNames, name => name?.EndsWith(", 'default', format('{0}-poison', parameters('queues')[copyIndex()]))]", StringComparison.Ordinal) == true);
        Assert.Equal("app-package", (string?)template.Main.Variable("deploymentContainer"));
        Assert.DoesNotContain("app-package", template.Main.StringArrayVariable("storageContainers"));
    }

    private void AssertDeclared(IReadOnlyList<string> used, string variable)
    {
        Assert.NotEmpty(used);
        var declared = template.Main.StringArrayVariable(variable);
        var missing = used.Except(declared, StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"The app uses {string.Join(", ", missing)}, which infra/bicep/main.bicep does not list in '{variable}'.");
    }
}
