using System.Collections.Concurrent;
using System.Net.Sockets;
using AutoShop.Functions.Email;
using AutoShop.Functions.Hosting.Standalone;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Notifications.Email;

/// <summary>
/// SMTP with connections kept open between messages, for the notification fan-out: connecting
/// (TCP, EHLO, STARTTLS, AUTH) costs more than sending a message. Each send borrows one idle
/// connection (or opens one); a connection goes back to the pool only after a clean send, is
/// dropped after <see cref="MaxIdle"/> unused, and a send that finds its reused connection dead
/// is repeated once on a fresh one. Same settings and MIME as <see cref="SmtpEmailSender"/>.
/// </summary>
public sealed partial class PooledSmtpEmailSender(
    IOptions<EmailOptions> options,
    [FromKeyedServices(QueueListener.PollingClock)] TimeProvider realClock,
    ILogger<PooledSmtpEmailSender> logger)
    : IEmailSender, IAsyncDisposable
{
    /// <summary>Relays close idle sessions after a few minutes; stay well inside that.</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);

    /// <summary>More idle connections than the queue trigger's batch would never be used at once.</summary>
    private const int MaxPooled = 32;

    private readonly ConcurrentBag<(SmtpClient Client, DateTimeOffset IdleSince)> idle = [];

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mime = SmtpEmailSender.ToMime(message, options.Value.From);
        var (client, reused) = await BorrowAsync(cancellationToken);
        try
        {
            await client.SendAsync(mime, cancellationToken);
        }
        catch (Exception ex) when (reused && IsDeadConnection(ex))
        {
            // The relay closed the idle session: not a failure of this message. (If the relay had in fact
            // taken the message and only its reply was lost, this sends it again, with the same Message-Id.)
            LogReconnecting(logger, message.MessageId, ex.GetType().Name, ex.Message);
            client.Dispose();
            (client, _) = (await ConnectAsync(cancellationToken), false);
            try
            {
                await client.SendAsync(mime, cancellationToken);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
        catch
        {
            client.Dispose(); // its state is unknown after a failed exchange
            throw;
        }
        Return(client);
    }

    private async Task<(SmtpClient Client, bool Reused)> BorrowAsync(CancellationToken ct)
    {
        var now = realClock.GetUtcNow();
        while (idle.TryTake(out var pooled))
        {
            if (pooled.Client.IsConnected && now - pooled.IdleSince < MaxIdle) return (pooled.Client, true);
            await CloseAsync(pooled.Client);
        }
        return (await ConnectAsync(ct), false);
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        var o = options.Value;
        var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            if (o.UseStartTls) client.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
            await client.ConnectAsync(o.SmtpHost, o.SmtpPort, o.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(o.Username))
                await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private void Return(SmtpClient client)
    {
        if (idle.Count < MaxPooled) idle.Add((client, realClock.GetUtcNow()));
        else _ = CloseAsync(client);
    }

    private static bool IsDeadConnection(Exception ex) => ex is ServiceNotConnectedException or SmtpProtocolException or IOException or SocketException;

    private static async Task CloseAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true);
        }
        catch (Exception ex) when (IsDeadConnection(ex) || ex is SmtpCommandException or OperationCanceledException)
        {
            // closing a connection that is already gone: nothing left to release but the object
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (idle.TryTake(out var pooled)) await CloseAsync(pooled.Client);
    }

    [LoggerMessage(LogLevel.Warning, "Sending {MessageId} on a kept-open SMTP connection failed ({ErrorType}: {Error}); sending it once more on a new connection")]
    private static partial void LogReconnecting(ILogger logger, string messageId, string errorType, string error);
}
