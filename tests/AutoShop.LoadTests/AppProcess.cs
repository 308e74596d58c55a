using System.Diagnostics;
using AutoShop.Testing;

namespace AutoShop.LoadTests;

/// <summary>
/// The real AutoShop executable in standalone mode on a free loopback port, as a deployment runs it
/// (Production environment, JSON logs), with the demo seed loaded.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string StaffKey = "load-test-staff-key-0123456789";
    private const int KeptLines = 200;

    private readonly Process process;
    private readonly Queue<string> output = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => process.Id;

    public static string DefaultPath => Path.Combine(RepoPaths.Root, "functions", "AutoShop.LocalHost", "bin", "Release", "net10.0", "AutoShop.LocalHost.dll");

    public static async Task<AppProcess> StartAsync(string appPath, string storageConnectionString, int smtpPort, string seedPath, IReadOnlyList<string> shopIds,
        IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        if (!File.Exists(appPath))
            throw new FileNotFoundException($"The app is not built: {appPath} is missing. Run: dotnet build -c Release functions/AutoShop.LocalHost", appPath);
        var baseAddress = new Uri($"http://127.0.0.1:{LoopbackPorts.GetFree(1)[0]}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appPath)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(appPath);
        start.Environment["AzureWebJobsStorage"] = storageConnectionString;
        start.Environment["DurableTaskHubName"] = "AutoShopLoad";
        start.Environment["Standalone__Urls"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["Staff__ApiKeys__load"] = StaffKey;
        start.Environment["Seed__DemoData"] = "true";
        start.Environment["Seed__DemoDataPath"] = seedPath;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Email__SmtpHost"] = "127.0.0.1";
        start.Environment["Email__SmtpPort"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Email__UseStartTls"] = "false";
        start.Environment["Email__From"] = "AutoShop Load <no-reply@autoshop.local>";
        start.Environment["Links__PublicBaseUrl"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["Links__SigningKeys__Current"] = "load1:bG9hZC1vbmx5LWxpbmstc2lnbmluZy1rZXktMDAwMDAwMDAwMDAwMDA=";
        start.Environment["Approvals__Approvers"] = "approver@autoshop.local";
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var app = new AppProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, baseAddress);
        app.process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        app.process.Start();
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        await app.WaitUntilSeededAsync(shopIds, ct);
        return app;
    }

    /// <summary>What the app printed last (for diagnostics when something fails).</summary>
    public string RecentOutput
    {
        get
        {
            lock (output) return string.Join(Environment.NewLine, output);
        }
    }

    public HttpClient CreateClient(int connections) => new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Health answers once storage is reachable; the seeder runs in the background, so wait for both shops too.</summary>
    private async Task WaitUntilSeededAsync(IReadOnlyList<string> shopIds, CancellationToken ct)
    {
        using var client = CreateClient(1);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with code {process.ExitCode}:{Environment.NewLine}{RecentOutput}");
            try
            {
                using var health = await client.GetAsync("/api/health", ct);
                if (health.IsSuccessStatusCode)
                {
                    var listed = await client.GetStringAsync("/api/shops", ct);
                    if (shopIds.All(id => listed.Contains($"\"{id}\"", StringComparison.Ordinal))) return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
        throw new TimeoutException($"The app did not become healthy and seeded within 90 s:{Environment.NewLine}{RecentOutput}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            output.Enqueue(line);
            while (output.Count > KeptLines) output.Dequeue();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
