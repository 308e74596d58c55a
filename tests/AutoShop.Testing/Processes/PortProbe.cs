using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AutoShop.Testing.Processes;

/// <summary>Waits, within a deadline, until a started server accepts TCP connections.</summary>
internal static class PortProbe
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Polls every port until each accepts a connection. Fails fast with the process output when
    /// the process exits, and with a <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task WaitUntilListeningAsync(
        NodeProcess process, IReadOnlyList<int> ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (!await AcceptsAsync(port, cancellationToken).ConfigureAwait(false))
            {
                if (process.HasExited)
                {
                    throw new ServerStartException(
                        $"{process.Name} exited before it listened on 127.0.0.1:{port}.", process.RecentOutput);
                }

                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException(
                        $"{process.Name} did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s." +
                        $"{Environment.NewLine}Its output:{Environment.NewLine}{process.RecentOutput}");
                }

                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
