using AutoShop.Testing.Processes;

namespace AutoShop.Testing.Mail;

/// <summary>
/// MailDev (an SMTP server that keeps every message, with a REST API) from
/// <c>infra/node_modules</c>, on free loopback ports. Messages are kept in a temporary folder,
/// so several instances never share an inbox.
/// </summary>
public sealed class MailDevServer : IAsyncDisposable
{
    /// <summary>The host the SMTP server listens on.</summary>
    public const string SmtpHost = "127.0.0.1";

    private const int MaxPortAttempts = 3;

    // MailDev reads these too; the fixture's command line is what counts.
    private static readonly string[] InheritedSettings =
    [
        "MAILDEV_SMTP_PORT", "MAILDEV_IP", "MAILDEV_WEB_PORT", "MAILDEV_WEB_IP", "MAILDEV_INCOMING_USER",
        "MAILDEV_INCOMING_PASS", "MAILDEV_WEB_USER", "MAILDEV_WEB_PASS", "MAILDEV_MAIL_DIRECTORY",
        "MAILDEV_MAX_MESSAGE_SIZE", "MAILDEV_MAX_EMAILS",
    ];

    private readonly string _mailDirectory;
    private NodeProcess? _process;
    private bool _hasStarted;

    /// <summary>CPU time MailDev has used so far (zero when it is not running).</summary>
    public TimeSpan CpuTime => _process?.CpuTime ?? TimeSpan.Zero;

    public MailDevServer()
    {
        _mailDirectory = Directory.CreateTempSubdirectory("autoshop-maildev-").FullName;
        AssignPorts();
        Client = new MailDevClient(WebBaseUri);
    }

    public int SmtpPort { get; private set; }

    public int WebPort { get; private set; }

    /// <summary>The web inbox and REST API root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri WebBaseUri => new($"http://127.0.0.1:{WebPort}/");

    /// <summary>A client for the REST API (list, read, download, delete, wait for messages).</summary>
    public MailDevClient Client { get; private set; }

    /// <summary>How long <see cref="StartAsync"/> waits for the ports to open.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What MailDev printed recently (for diagnostics).</summary>
    public string RecentOutput => _process?.RecentOutput ?? "";

    /// <summary>Starts MailDev and waits until SMTP and the web API accept connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("MailDev is already running.");
        }

        for (var attempt = 1; ; attempt++)
        {
            await DisposeProcessAsync().ConfigureAwait(false);
            // The working folder matters: MailDev looks for .maildevrc.json there and above.
            _process = NodeProcess.Start("MailDev", ScriptPath, Arguments(), _mailDirectory, InheritedSettings);
            try
            {
                await PortProbe.WaitUntilListeningAsync(
                    _process, [SmtpPort, WebPort], StartTimeout, cancellationToken).ConfigureAwait(false);
                _hasStarted = true;
                return;
            }
            catch (ServerStartException e) when (e.PortWasTaken && !_hasStarted && attempt < MaxPortAttempts)
            {
                AssignPorts();
                Client.Dispose();
                Client = new MailDevClient(WebBaseUri);
            }
        }
    }

    /// <summary>Stops MailDev (its messages stay in the folder until dispose).</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await DisposeProcessAsync().ConfigureAwait(false);
        TempDirectory.TryDelete(_mailDirectory);
    }

    private static string ScriptPath =>
        Path.Combine(RepoPaths.InfraNodeModules, "maildev", "dist", "bin", "maildev.js");

    private string[] Arguments() =>
    [
        "--smtp", $"{SmtpPort}", "--ip", SmtpHost,
        "--web", $"{WebPort}", "--web-ip", "127.0.0.1",
        "--mail-directory", _mailDirectory,
    ];

    private void AssignPorts()
    {
        var ports = LoopbackPorts.GetFree(2);
        (SmtpPort, WebPort) = (ports[0], ports[1]);
    }

    private async Task DisposeProcessAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }
    }
}
