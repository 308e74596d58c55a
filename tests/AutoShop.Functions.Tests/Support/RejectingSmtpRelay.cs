using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// A minimal SMTP relay on loopback for refusals MailDev never gives: <c>RCPT TO</c> an address containing
/// <see cref="RejectMarker"/> is answered <c>550 5.1.1</c> (no such mailbox), as a real relay answers a bad
/// address; a message to an address containing <see cref="RefuseMessageMarker"/> is refused after its data
/// with <c>554 5.7.1</c> (as spam filters do); every other message is taken. Counts the RCPT commands per address.
/// </summary>
public sealed class RejectingSmtpRelay : IAsyncDisposable
{
    public const string RejectMarker = "no-such-mailbox";
    public const string RefuseMessageMarker = "refused-message";

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public RejectingSmtpRelay()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>RCPT TO commands seen, by address (lower case).</summary>
    public ConcurrentDictionary<string, int> RecipientsTried { get; } = new();

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
        var refuseData = false;
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        try
        {
            await writer.WriteLineAsync("220 rejecting relay");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    case "RCPT":
                        var open = line.IndexOf('<', StringComparison.Ordinal) + 1;
                        var close = line.IndexOf('>', open);
                        var address = (close < 0 ? line[open..] : line[open..close]).ToLowerInvariant();
                        RecipientsTried.AddOrUpdate(address, 1, (_, n) => n + 1);
                        refuseData |= address.Contains(RefuseMessageMarker, StringComparison.Ordinal);
                        await writer.WriteLineAsync(address.Contains(RejectMarker, StringComparison.Ordinal) ? "550 5.1.1 no such mailbox" : "250 ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go on");
                        while (await reader.ReadLineAsync(stop.Token) is { } data && data != ".")
                        {
                        }
                        await writer.WriteLineAsync(refuseData ? "554 5.7.1 message refused" : "250 queued");
                        refuseData = false;
                        break;
                    default:
                        await writer.WriteLineAsync("250 ok");
                        break;
                }
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
