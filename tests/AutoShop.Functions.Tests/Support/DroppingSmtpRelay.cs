using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// A minimal SMTP relay on loopback for one fault MailDev cannot stage: it takes a message's data and
/// then drops the connection without answering, every second message on a connection. The client cannot
/// tell whether the message was taken (it was). Counts what it received by subject.
/// </summary>
public sealed class DroppingSmtpRelay : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public DroppingSmtpRelay()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public ConcurrentDictionary<string, int> Received { get; } = new();

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested) sessions.Add(ServeAsync(await listener.AcceptTcpClientAsync(stop.Token)));
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(sessions);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var messages = 0;
        try
        {
            await writer.WriteLineAsync("220 dropping relay");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                if (verb == "QUIT")
                {
                    await writer.WriteLineAsync("221 bye");
                    return;
                }
                if (verb != "DATA")
                {
                    await writer.WriteLineAsync("250 ok");
                    continue;
                }
                await writer.WriteLineAsync("354 go on");
                var subject = "";
                while (await reader.ReadLineAsync(stop.Token) is { } data && data != ".")
                    if (data.StartsWith("Subject: ", StringComparison.Ordinal)) subject = data["Subject: ".Length..];
                Received.AddOrUpdate(subject, 1, (_, n) => n + 1);
                if (++messages % 2 == 0) return; // taken, and the connection dropped before the reply
                await writer.WriteLineAsync("250 queued");
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
