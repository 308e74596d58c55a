using System.Collections.Concurrent;
using System.Net.Sockets;
using AutoShop.Functions.Email;
using AutoShop.Functions.Hosting;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Notifications.Email;

/// <summary>
/// SMTP with connections kept open between messages, for the notification fan-out: connecting
/// (TCP, EHLO, STARTTLS, AUTH) costs more than sending a message. Each send borrows one idle
/// connection (or opens one); a connection goes back to the pool only after a clean send, is
/// dropped after <see cref="MaxIdle"/> unused, and checked with NOOP after <see cref="ProbeAfter"/>.
/// A message is repeated on a fresh connection only when MailKit knew the reused one was closed
/// before writing anything. Same settings and MIME as <see cref="SmtpEmailSender"/>.
/// </summary>
public sealed partial class PooledSmtpEmailSender(
    IOptions<EmailOptions> options,
    [FromKeyedServices(HostingExtensions.PollingClock)] TimeProvider realClock,
    ILogger<PooledSmtpEmailSender> logger)
    : IEmailSender, IAsyncDisposable
{
    /// <summary>Relays close idle sessions after a few minutes; stay well inside that.</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);

    /// <summary>A connection idle longer than this is asked NOOP before it carries a message.</summary>
    public static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(5);

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
        catch (ServiceNotConnectedException ex) when (reused)
        {
            // The pooled session was known to be closed before anything was written: not a failure of
            // this message. (Any other failure may come after the relay took the message, so it is not
            // repeated here; the caller's retry decides, with the same Message-Id.)
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

    /// <summary>
    /// An idle pooled connection, or a new one. One idle for more than <see cref="ProbeAfter"/> is
    /// checked with NOOP first (the relay may have closed it), so a message is only ever sent on a
    /// connection that just answered.
    /// </summary>
    private async Task<(SmtpClient Client, bool Reused)> BorrowAsync(CancellationToken ct)
    {
        var now = realClock.GetUtcNow();
        while (idle.TryTake(out var pooled))
        {
            var idleFor = now - pooled.IdleSince;
            var usable = pooled.Client.IsConnected && idleFor < MaxIdle && (idleFor <= ProbeAfter || await AnswersAsync(pooled.Client, ct));
            if (usable) return (pooled.Client, true);
            await CloseAsync(pooled.Client);
        }
        return (await ConnectAsync(ct), false);
    }

    private static async Task<bool> AnswersAsync(SmtpClient client, CancellationToken ct)
    {
        try
        {
            await client.NoOpAsync(ct);
            return true;
        }
        catch (Exception ex) when (IsDeadConnection(ex) || ex is SmtpCommandException)
        {
            return false;
        }
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

    [LoggerMessage(LogLevel.Warning, "Sending {MessageId} found its kept-open SMTP connection closed ({ErrorType}: {Error}); sending it on a new connection")]
    private static partial void LogReconnecting(ILogger logger, string messageId, string errorType, string error);
}
