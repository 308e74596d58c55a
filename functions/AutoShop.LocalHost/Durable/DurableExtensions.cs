using System.Text.Json;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace AutoShop.LocalHost.Durable;

public static class DurableExtensions
{
    /// <summary>DTFx's own log categories: dozens of Information lines per orchestration, none a developer needs.</summary>
    private static readonly string[] FrameworkCategories = ["DurableTask.AzureStorage", "DurableTask.Core"];

    /// <summary>
    /// What the Durable extension does under the Functions host: the task hub on the app's storage account,
    /// the orchestrator and activity functions run by its worker, and a <see cref="DurableTaskClient"/> for
    /// <c>[DurableClient]</c> parameters.
    /// </summary>
    public static WebApplicationBuilder AddLocalDurableTasks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LocalDurableOptions>().BindConfiguration(LocalDurableOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => TaskHubLayout.Load(HostJsonSettings.Locate(AppContext.BaseDirectory), sp.GetRequiredService<IConfiguration>()));
        services.AddDurableDataConverter();
        services.AddSingleton<TaskHubService>();
        services.AddHostedService(sp => sp.GetRequiredService<TaskHubService>());
        services.AddSingleton<DurableTaskClient, LocalDurableTaskClient>();
        foreach (var category in FrameworkCategories)
            builder.Logging.AddFilter(category, LogLevel.Warning);
        return builder;
    }

    /// <summary>
    /// The worker's serializer (<c>WorkerOptions.Serializer</c>, which reads property names case-insensitively after
    /// AddFunctionsWorkerDefaults) as the durable converter, as the Durable extension uses it. Replay tests take it from here too.
    /// </summary>
    public static IServiceCollection AddDurableDataConverter(this IServiceCollection services)
    {
        services.Configure<JsonSerializerOptions>(o => o.PropertyNameCaseInsensitive = true);
        services.AddOptions<WorkerOptions>().PostConfigure<IOptions<JsonSerializerOptions>>((o, json) => o.Serializer ??= new JsonObjectSerializer(json.Value));
        services.AddSingleton(sp => new DurableDataConverter(sp.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!));
        return services;
    }
}
