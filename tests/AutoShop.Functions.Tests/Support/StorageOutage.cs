using System.Net;
using System.Net.Sockets;
using AutoShop.Testing.Storage;

namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// Loopback TCP proxies in front of the shared Azurite's table, queue and blob ports, which a test turns into
/// an outage of any of the three: <see cref="Pause"/> holds every byte (as a SIGSTOPped emulator does:
/// connections are accepted and requests sent, no reply comes until it resumes), <see cref="Refuse"/> stops
/// listening and resets the open connections (an emulator that is down), <see cref="Restore"/> lets everything
/// through again on the same endpoints. Accounts from <see cref="NewAccount"/> go through the proxies.
/// </summary>
public sealed class StorageOutage : IAsyncDisposable
{
    public const string Table = "table";
    public const string Queue = "queue";
    public const string Blob = "blob";

    private readonly AzuriteServer azurite;
    private readonly Dictionary<string, ServiceProxy> proxies;

    private StorageOutage(AzuriteServer azurite)
    {
        this.azurite = azurite;
        proxies = new()
        {
            [Table] = new ServiceProxy(azurite.TablePort),
            [Queue] = new ServiceProxy(azurite.QueuePort),
            [Blob] = new ServiceProxy(azurite.BlobPort),
        };
    }

    public static StorageOutage Start(AzuriteServer azurite)
    {
        var outage = new StorageOutage(azurite);
        foreach (var proxy in outage.proxies.Values) proxy.Listen();
        return outage;
    }

    /// <summary>An isolated account on the emulator, reached through the proxies.</summary>
    public string NewAccount() => azurite.NewAccountConnectionString()
        .Replace($"127.0.0.1:{azurite.TablePort}/", $"127.0.0.1:{proxies[Table].Port}/", StringComparison.Ordinal)
        .Replace($"127.0.0.1:{azurite.QueuePort}/", $"127.0.0.1:{proxies[Queue].Port}/", StringComparison.Ordinal)
        .Replace($"127.0.0.1:{azurite.BlobPort}/", $"127.0.0.1:{proxies[Blob].Port}/", StringComparison.Ordinal);

    /// <summary>The named services (all when none is named) accept connections but answer nothing.</summary>
    public void Pause(params string[] services)
    {
        foreach (var proxy in Select(services)) proxy.Pause();
    }

    /// <summary>The named services (all when none is named) refuse connections; open ones are reset.</summary>
    public void Refuse(params string[] services)
    {
        foreach (var proxy in Select(services)) proxy.Refuse();
    }

    /// <summary>Every service answers again; bytes held while paused go on to the emulator.</summary>
    public void Restore()
    {
        foreach (var proxy in proxies.Values) proxy.Restore();
    }

    private IEnumerable<ServiceProxy> Select(string[] services) => services.Length == 0 ? proxies.Values : services.Select(s => proxies[s]);

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in proxies.Values) await proxy.DisposeAsync();
    }

    private sealed class ServiceProxy(int target) : IAsyncDisposable
    {
        private readonly Lock gate = new();
        private readonly HashSet<Socket> open = [];
        private readonly CancellationTokenSource disposed = new();
        private TcpListener? listener;
        private TaskCompletionSource flowing = Flowing();

        public int Port { get; private set; }

        private static TaskCompletionSource Flowing()
        {
            var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            flowing.SetResult();
            return flowing;
        }

        public void Listen()
        {
            lock (gate)
            {
                if (listener is not null) return;
                // The same port every time, so clients that were refused reach the service again when it is back.
                var next = new TcpListener(IPAddress.Loopback, Port);
                next.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                next.Start();
                Port = ((IPEndPoint)next.LocalEndpoint).Port;
                listener = next;
                _ = AcceptAsync(next);
            }
        }

        public void Pause()
        {
            lock (gate)
            {
                if (flowing.Task.IsCompleted) flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void Refuse()
        {
            lock (gate)
            {
                listener?.Stop();
                listener = null;
                foreach (var socket in open) Reset(socket);
                open.Clear();
            }
        }

        public void Restore()
        {
            Listen();
            lock (gate) flowing.TrySetResult();
        }

        private async Task AcceptAsync(TcpListener from)
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await from.AcceptSocketAsync(disposed.Token);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
                {
                    return; // refused or disposed: this listener is done
                }
                _ = RelayAsync(client);
            }
        }

        private async Task RelayAsync(Socket client)
        {
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                lock (gate)
                {
                    open.Add(client);
                    open.Add(upstream);
                }
                await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, target), disposed.Token);
                await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The emulator or the client went away, or the outage reset the connection.
            }
            finally
            {
                lock (gate)
                {
                    open.Remove(client);
                    open.Remove(upstream);
                }
                client.Dispose();
                upstream.Dispose();
            }
        }

        private async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None, disposed.Token);
                    if (read == 0) return;
                    Task flow;
                    lock (gate) flow = flowing.Task;
                    await flow.WaitAsync(disposed.Token); // held here while paused
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, disposed.Token);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Reset by the outage, closed by either side, or disposed.
            }
        }

        /// <summary>An RST, not a FIN: the peer sees the connection fail, as when the service's process dies.</summary>
        private static void Reset(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
                // already closed by its relay
            }
        }

        public async ValueTask DisposeAsync()
        {
            await disposed.CancelAsync();
            Refuse();
            lock (gate) flowing.TrySetResult();
            disposed.Dispose();
        }
    }
}
