using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AutoShop.Testing.Processes;

/// <summary>
/// A Node.js program from <c>infra/node_modules</c> run as a child process, with its recent
/// output kept for diagnostics and its whole process tree killed when it is disposed or when
/// the test process exits.
/// </summary>
internal sealed partial class NodeProcess : IAsyncDisposable
{
    private const int MaxOutputLines = 400;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputLock = new();
    private readonly EventHandler _onTestProcessExit;

    private NodeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _onTestProcessExit = (_, _) => KillTree();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>CPU time the process has used so far (user and kernel), for benchmarks that say where the time goes.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>The last lines the process wrote to stdout and stderr.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_outputLock)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>Starts <c>node {script} {arguments}</c> in <paramref name="workingDirectory"/>.</summary>
    /// <param name="removeVariables">Environment variables the child must not inherit (for
    /// example MAILDEV_* variables a developer set for the dev services).</param>
    public static NodeProcess Start(
        string name,
        string script,
        IEnumerable<string> arguments,
        string workingDirectory,
        IEnumerable<string>? removeVariables = null,
        IReadOnlyDictionary<string, string>? setVariables = null)
    {
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"{name} is not installed: {script} is missing. Run `npm ci --prefix infra` " +
                "from the repository root (scripts/test.sh does it for you).");
        }

        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var variable in removeVariables ?? [])
        {
            startInfo.Environment.Remove(variable);
        }

        foreach (var (variable, value) in setVariables ?? new Dictionary<string, string>())
        {
            startInfo.Environment[variable] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var node = new NodeProcess(name, process);
        process.OutputDataReceived += (_, e) => node.Record(e.Data);
        process.ErrorDataReceived += (_, e) => node.Record(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start node for {name}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += node._onTestProcessExit;
        return node;
    }

    /// <summary>
    /// Asks the process to shut down (SIGTERM, so Azurite flushes its database to disk) and
    /// kills the tree if it has not exited within <paramref name="grace"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || SendSignal(_process.Id, SigTerm) != 0)
        {
            await KillAsync().ConfigureAwait(false);
            return;
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Kills the process tree at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        KillTree();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onTestProcessExit;
        if (!_process.HasExited)
        {
            await KillAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void KillTree()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > MaxOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
