using AutoShop.Functions.Hosting;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.LocalHost;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// The real app in the local host on the test server, against the fixture's Azurite. Swaps only
/// infrastructure: storage endpoint, triggers, clock and staff key; tests add their own functions
/// through <see cref="ConfigureTestServices"/> to observe the catalog machinery.
/// </summary>
public sealed class AutoShopApp(string storageConnectionString) : WebApplicationFactory<LocalHost.Program>
{
    public const string StaffKey = "test-staff-key-0123456789";
    public const string StaffId = "test-staff";
    public const string SigningKey = "test1:dGVzdC1vbmx5LWxpbmstc2lnbmluZy1rZXktMDAwMDAwMDAwMDAw";

    /// <summary>No queue listener or timer runs: the test drives functions itself (<see cref="InvokeQueueFunctionAsync"/>), as the Functions host would.</summary>
    public bool TriggersOff { get; init; }
    /// <summary>Runs the durable worker (the app's orchestrations); off, instances can be started but none runs, and nothing polls the task hub.</summary>
    public bool Durable { get; init; }
    /// <summary>The ASP.NET Core environment; "Testing" unless a test needs Development or Production behaviour.</summary>
    public string Environment { get; init; } = "Testing";
    public FakeTimeProvider? Clock { get; init; }
    public Dictionary<string, string?> Settings { get; } = [];
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    /// <summary>
    /// The app creates its tables and queues in the background after it starts; tests that write through its
    /// services at once (seeding) would race that on a slow machine, so the app is handed out once they exist.
    /// Off for tests that start the app while storage is down or held.
    /// </summary>
    public bool AwaitStorage { get; init; } = true;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (AwaitStorage)
            host.Services.GetRequiredService<StorageProvisioner>().Ready.WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("AzureWebJobsStorage", storageConnectionString);
        // Each test has its own storage account, so one hub name serves them all; polling as local.settings.sample.json.
        builder.UseSetting("DurableTaskHubName", "AutoShopTests");
        builder.UseSetting("LocalHost:Durable:MaxQueuePollingInterval", "00:00:01");
        builder.UseSetting("LocalHost:Durable:RunWorker", Durable ? "true" : "false");
        builder.UseSetting($"Staff:ApiKeys:{StaffId}", StaffKey);
        builder.UseSetting("Email:SmtpHost", "127.0.0.1");
        builder.UseSetting("Email:SmtpPort", TestStorage.Services.MailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:UseStartTls", "false");
        builder.UseSetting("Email:From", "AutoShop Tests <no-reply@autoshop.test>");
        builder.UseSetting("Links:PublicBaseUrl", "http://localhost");
        builder.UseSetting("Links:SigningKeys:Current", SigningKey);
        builder.UseSetting("Approvals:Approvers", "approver@autoshop.test");
        // A loaded test machine can take longer than the production budget (2 s) for a healthy request, and tests
        // hold requests at gates; the budget's own tests set it (StorageOutageTests).
        builder.UseSetting("Storage:RequestBudget", "00:01:00");
        if (TriggersOff) builder.UseSetting(LocalHostExtensions.TriggersSetting, "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            if (Clock is not null) services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            ConfigureTestServices?.Invoke(services);
        });
    }

    public HttpClient CreateStaffClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        return client;
    }

    /// <summary>Runs a queue function once with this message, as the Functions host would deliver it (first delivery).</summary>
    public Task InvokeQueueFunctionAsync(string functionName, string messageText, CancellationToken cancellationToken)
    {
        var function = Services.GetRequiredService<FunctionCatalog>().Find(functionName)
            ?? throw new InvalidOperationException($"No function '{functionName}'.");
        var queue = ((QueueFunctionTrigger)function.Trigger).QueueName;
        return Services.GetRequiredService<FunctionInvoker>().InvokeQueueAsync(function,
            new QueueInvocation(functionName, queue, messageText, Guid.NewGuid().ToString(), 1, null), cancellationToken);
    }

    /// <summary>Runs a timer function's occurrence now, as the Functions host would.</summary>
    public Task InvokeTimerFunctionAsync(string functionName, CancellationToken cancellationToken)
    {
        var function = Services.GetRequiredService<FunctionCatalog>().Find(functionName)
            ?? throw new InvalidOperationException($"No function '{functionName}'.");
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        return Services.GetRequiredService<FunctionInvoker>().InvokeTimerAsync(function, new TimerInvocation(functionName, now, false), cancellationToken);
    }
}
