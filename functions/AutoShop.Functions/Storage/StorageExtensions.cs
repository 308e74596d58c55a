using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .Configure<IConfiguration>(StorageOptions.Bind)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<StorageResilienceOptions>()
            .BindConfiguration(StorageResilienceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageProvisioner>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageProvisioner>());
        return services;
    }

    /// <summary>Tables, queues and containers a capability needs; created once at start.</summary>
    public static IServiceCollection AddStorageResources(this IServiceCollection services,
        IEnumerable<string>? tables = null, IEnumerable<string>? queues = null, IEnumerable<string>? containers = null)
    {
        services.AddSingleton(new StorageResources(tables?.ToArray() ?? [], queues?.ToArray() ?? [], containers?.ToArray() ?? []));
        return services;
    }
}

public sealed record StorageResources(IReadOnlyList<string> Tables, IReadOnlyList<string> Queues, IReadOnlyList<string> Containers);
