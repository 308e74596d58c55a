using System.Security.Cryptography;
using System.Text;
using AutoShop.Functions.Configuration;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutoShop.Deployment.Tests.Support;

/// <summary>
/// The real app composed as it runs (Program.cs), configured with local.settings.sample.json, but with
/// its own background services removed: nothing connects to storage. It answers what the app
/// registered: option types, storage resources and the function catalog.
/// </summary>
public sealed class AppModel : WebApplicationFactory<AutoShop.LocalHost.Program>, IAsyncLifetime
{
    private readonly List<ServiceDescriptor> registrations = [];

    /// <summary>Every service registration of the composed app (before test changes).</summary>
    public IReadOnlyList<ServiceDescriptor> Registrations => registrations;

    public FunctionCatalog Catalog => Services.GetRequiredService<FunctionCatalog>();

    /// <summary>Tables, queues and containers the app provisions at start (what StorageProvisioner creates).</summary>
    public StorageResources StorageResources
    {
        get
        {
            var declared = Services.GetServices<StorageResources>().ToList();
            var triggerQueues = Catalog.Of<QueueFunctionTrigger>().Select(f => ((QueueFunctionTrigger)f.Trigger).QueueName);
            return new StorageResources(
                declared.SelectMany(r => r.Tables).Distinct().Order().ToList(),
                declared.SelectMany(r => r.Queues).Concat(triggerQueues).Distinct().Order().ToList(),
                declared.SelectMany(r => r.Containers).Distinct().Order().ToList());
        }
    }

    public ValueTask InitializeAsync()
    {
        _ = Services; // builds and starts the app once for the assembly
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in SampleSettings.Values())
            builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), OwnSecret(key, value));
        builder.ConfigureTestServices(services =>
        {
            registrations.AddRange(services);
            // The app's own hosted services (storage provisioning, listeners, seeding) would reach for
            // storage; the web host's stays so endpoints and the catalog come up as usual.
            foreach (var hosted in services.Where(IsAppHostedService).ToList())
                services.Remove(hosted);
        });
    }

    /// <summary>
    /// The sample's secrets are public and Production refuses them at start (SampleSecrets): the model gets
    /// values of its own in the same shapes (a key id and 32 bytes for a signing key, 64 characters otherwise).
    /// </summary>
    private static string OwnSecret(string key, string value)
    {
        if (value.Length == 0 || !SampleSecrets.IsSecret(key)) return value;
        var own = SHA256.HashData(Encoding.UTF8.GetBytes("deployment-model|" + value));
        return value.Contains(':', StringComparison.Ordinal) ? "model1:" + Convert.ToBase64String(own) : Convert.ToHexString(own);
    }

    private static bool IsAppHostedService(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService &&
        (descriptor.ImplementationType ?? descriptor.ImplementationFactory?.Method.DeclaringType)?.Assembly == typeof(StorageClients).Assembly;
}
