using AutoShop.Testing.Processes;

namespace AutoShop.Testing.Storage;

/// <summary>
/// Azurite (blob, queue and table) from <c>infra/node_modules</c>, on three free loopback ports
/// picked once, so a restart comes back on the same endpoints.
/// </summary>
/// <remarks>
/// One Node process serves all three services by default. With <c>processPerService: true</c>
/// each service gets its own process (Azurite's <c>azurite-blob</c>, <c>-queue</c>, <c>-table</c>),
/// as Azure serves them from separate front ends: benchmarks use it so queue traffic does not
/// queue behind table scans on one single-threaded event loop.
/// </remarks>
/// <remarks>
/// In-memory by default. With <c>persistToDisk: true</c> the data lives in a temporary folder
/// that survives <see cref="StopAsync"/> / <see cref="StartAsync"/> and is deleted on dispose.
/// Azurite saves its metadata database every 5 s and on SIGTERM: <see cref="StopAsync"/> sends
/// SIGTERM, so everything acknowledged before it survives; <see cref="KillAsync"/> is a crash and
/// may lose the last few seconds of writes (an Azurite limit, not Azure Storage behaviour).
/// </remarks>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The well-known development account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known development account key (public; Azurite only).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int MaxPortAttempts = 3;

    private readonly string _workDirectory;
    private readonly List<NodeProcess> _processes = [];
    private bool _hasStarted;

    /// <param name="persistToDisk">Keep data in a temporary folder instead of memory, so it
    /// survives a stop and start.</param>
    /// <param name="processPerService">Run blob, queue and table each in its own Node process.</param>
    public AzuriteServer(bool persistToDisk = false, bool processPerService = false)
    {
        PersistToDisk = persistToDisk;
        ProcessPerService = processPerService;
        _workDirectory = Directory.CreateTempSubdirectory("autoshop-azurite-").FullName;
        AssignPorts();
    }

    public bool PersistToDisk { get; }

    public bool ProcessPerService { get; }

    /// <summary>The data folder when <see cref="PersistToDisk"/>; otherwise null.</summary>
    public string? DataDirectory => PersistToDisk ? _workDirectory : null;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public Uri BlobEndpoint => Endpoint(BlobPort);

    public Uri QueueEndpoint => Endpoint(QueuePort);

    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>A full storage connection string for the Azure SDK clients.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>How many isolated extra accounts <see cref="NewAccountConnectionString"/> can hand out.</summary>
    public const int ExtraAccounts = 400;

    /// <summary>Key of every extra account (public; Azurite only): base64 of a fixed test phrase.</summary>
    public const string ExtraAccountKey = "YXV0b3Nob3AtdGVzdC1hY2NvdW50LWtleS0wMDAwMDA=";

    private int _accountsHandedOut;

    /// <summary>
    /// A connection string for an account no other caller gets: its tables, queues and containers
    /// are its own, so tests that use the app's fixed resource names still run in parallel.
    /// </summary>
    public string NewAccountConnectionString()
    {
        var n = Interlocked.Increment(ref _accountsHandedOut);
        if (n > ExtraAccounts)
        {
            throw new InvalidOperationException($"All {ExtraAccounts} isolated Azurite accounts are in use; raise ExtraAccounts.");
        }

        var account = AccountFor(n);
        return $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={ExtraAccountKey};" +
               $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{account};" +
               $"TableEndpoint=http://127.0.0.1:{TablePort}/{account};";
    }

    private static string AccountFor(int n) => $"test{n:D4}";

    private static string AccountsVariable() =>
        string.Join(';', new[] { $"{AccountName}:{AccountKey}" }
            .Concat(Enumerable.Range(1, ExtraAccounts).Select(n => $"{AccountFor(n)}:{ExtraAccountKey}")));

    /// <summary>How long <see cref="StartAsync"/> waits for the ports to open.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool IsRunning => _processes.Count > 0 && _processes.All(p => !p.HasExited);

    /// <summary>What Azurite printed recently (for diagnostics).</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _processes.Select(p => p.RecentOutput));

    /// <summary>
    /// Starts Azurite and waits until all three ports accept connections. On the first start,
    /// if another process grabbed one of the chosen ports, it retries with fresh ports.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is already running.");
        }

        for (var attempt = 1; ; attempt++)
        {
            await DisposeProcessAsync().ConfigureAwait(false);
            var accounts = new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = AccountsVariable() };
            var services = ProcessPerService
                ? new[] { ("blob", BlobPort), ("queue", QueuePort), ("table", TablePort) }
                    .Select(s => (Script: ScriptFor(s.Item1), Arguments: Arguments(s.Item1, s.Item2), Ports: new[] { s.Item2 }))
                : [(Script: ScriptPath, Arguments: Arguments(), Ports: new[] { BlobPort, QueuePort, TablePort })];
            try
            {
                foreach (var service in services)
                {
                    var process = NodeProcess.Start("Azurite", service.Script, service.Arguments, _workDirectory, setVariables: accounts);
                    _processes.Add(process);
                    await PortProbe.WaitUntilListeningAsync(process, service.Ports, StartTimeout, cancellationToken).ConfigureAwait(false);
                }
                _hasStarted = true;
                return;
            }
            catch (ServerStartException e) when (e.PortWasTaken && !_hasStarted && attempt < MaxPortAttempts)
            {
                // Only before the first successful start: later, callers rely on the same endpoints.
                AssignPorts();
            }
        }
    }

    /// <summary>
    /// CPU time used so far by each running Azurite process: keyed "blob", "queue" and "table" when
    /// each service runs in its own process, else "azurite".
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> CpuTimes() => ProcessPerService && _processes.Count == 3
        ? new Dictionary<string, TimeSpan> { ["blob"] = _processes[0].CpuTime, ["queue"] = _processes[1].CpuTime, ["table"] = _processes[2].CpuTime }
        : _processes.Select((p, i) => (Key: i == 0 ? "azurite" : $"azurite-{i}", p.CpuTime)).ToDictionary(x => x.Key, x => x.CpuTime);

    /// <summary>Stops Azurite gracefully (SIGTERM; data on disk is flushed).</summary>
    public async Task StopAsync()
    {
        foreach (var process in _processes)
        {
            await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>Kills Azurite at once, like a crash.</summary>
    public async Task KillAsync()
    {
        foreach (var process in _processes)
        {
            await process.KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary><see cref="StopAsync"/> then <see cref="StartAsync"/>, on the same ports.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeProcessAsync().ConfigureAwait(false);
        TempDirectory.TryDelete(_workDirectory);
    }

    private static string ScriptPath =>
        Path.Combine(RepoPaths.InfraNodeModules, "azurite", "dist", "src", "azurite.js");

    private static string ScriptFor(string service) =>
        Path.Combine(RepoPaths.InfraNodeModules, "azurite", "dist", "src", service, "main.js");

    private static Uri Endpoint(int port) => new($"http://127.0.0.1:{port}/{AccountName}");

    private IEnumerable<string> Arguments()
    {
        string[] common =
        [
            "--blobHost", "127.0.0.1", "--blobPort", $"{BlobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{QueuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{TablePort}",
            "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
        ];
        return PersistToDisk
            ? [.. common, "--location", _workDirectory]
            : [.. common, "--inMemoryPersistence"];
    }

    private IEnumerable<string> Arguments(string service, int port)
    {
        string[] common = [$"--{service}Host", "127.0.0.1", $"--{service}Port", $"{port}", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent"];
        return PersistToDisk
            ? [.. common, "--location", Path.Combine(_workDirectory, service)]
            : [.. common, "--inMemoryPersistence"];
    }

    private void AssignPorts()
    {
        var ports = LoopbackPorts.GetFree(3);
        (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
    }

    private async Task DisposeProcessAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
        _processes.Clear();
    }
}
