using AutoShop.Testing.Mail;
using AutoShop.Testing.Storage;

namespace AutoShop.Testing;

/// <summary>
/// Azurite (in memory) and MailDev for a whole test assembly, started once:
/// <c>[assembly: AssemblyFixture(typeof(DevServicesFixture))]</c>, then take a
/// <see cref="DevServicesFixture"/> constructor parameter in any test class.
/// </summary>
/// <remarks>
/// Tests share the services and run in parallel: give every table, queue and container its
/// own name (<see cref="StorageNames.Unique"/>) and match messages by a unique recipient or
/// subject rather than deleting the inbox.
/// </remarks>
public sealed class DevServicesFixture : IAsyncLifetime
{
    public AzuriteServer Azurite { get; } = new();

    public MailDevServer MailDev { get; } = new();

    /// <summary>The storage connection string for <see cref="Azurite"/>.</summary>
    public string StorageConnectionString => Azurite.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Task.WhenAll(Azurite.StartAsync(timeout.Token), MailDev.StartAsync(timeout.Token)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await MailDev.DisposeAsync().ConfigureAwait(false);
        await Azurite.DisposeAsync().ConfigureAwait(false);
    }
}
