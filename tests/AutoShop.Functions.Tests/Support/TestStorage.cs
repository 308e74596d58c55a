using AutoShop.Testing;

namespace AutoShop.Functions.Tests.Support;

/// <summary>Each test gets its own Azurite account on the assembly's shared emulator.</summary>
public static class TestStorage
{
    public static DevServicesFixture Services =>
        // The assembly fixture is initialised before any test class is created, so this completes synchronously.
        TestContext.Current.GetFixture<DevServicesFixture>().AsTask().GetAwaiter().GetResult()
        ?? throw new InvalidOperationException("The DevServicesFixture assembly fixture is not registered.");

    public static string NewAccount() => Services.Azurite.NewAccountConnectionString();
}
