using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// A loopback TCP proxy in front of a port (the shared MailDev's SMTP port) that a test can take down
/// without touching the server behind it, which other tests share: while down it resets every connection
/// it accepts (and the ones open when it went down), as a relay that is down or restarting does; while
/// up it forwards bytes both ways. Counts the connections it turned away, so a test can tell the app
/// kept trying during the outage.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int targetPort;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Server)> open = new();
    private readonly Task accepting;
    private volatile bool down;
    private int nextId;
    private int refused;

    public OutageProxy(int targetPort, bool startDown = false)
    {
        this.targetPort = targetPort;
        down = startDown;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public bool IsDown => down;

    /// <summary>Connections reset because the proxy was down.</summary>
    public int Refused => Volatile.Read(ref refused);

    public void TakeDown()
    {
        down = true;
        foreach (var id in open.Keys) Close(id);
    }

    public void BringUp() => down = false;

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                sessions.RemoveAll(t => t.IsCompleted);
                sessions.Add(ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(sessions);
    }

    private async Task ServeAsync(TcpClient client)
    {
        if (down)
        {
            Reset(client);
            Interlocked.Increment(ref refused);
            return;
        }
        var server = new TcpClient();
        var id = Interlocked.Increment(ref nextId);
        open[id] = (client, server);
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, targetPort, stop.Token);
            if (down) return; // taken down while connecting: the sweep may have missed this pair
            var upstream = client.GetStream().CopyToAsync(server.GetStream(), stop.Token);
            var downstream = server.GetStream().CopyToAsync(client.GetStream(), stop.Token);
            await Task.WhenAny(upstream, downstream);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // either side went away, or the proxy was taken down under the session
        }
        finally
        {
            Close(id);
        }
    }

    private void Close(int id)
    {
        if (!open.TryRemove(id, out var pair)) return;
        Reset(pair.Client);
        Reset(pair.Server);
    }

    /// <summary>Closes with a reset rather than a polite FIN, as a crashed relay's host does.</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client.Connected) client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // already closed: nothing to reset
        }
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        foreach (var id in open.Keys) Close(id);
        await accepting;
        stop.Dispose();
    }
}
