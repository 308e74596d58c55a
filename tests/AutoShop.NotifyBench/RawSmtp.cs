using System.Diagnostics;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace AutoShop.NotifyBench;

/// <summary>
/// The ceiling: MailKit sending a confirmation-sized message (HTML, text, .ics) straight to
/// MailDev with the same concurrency as the app, once over connections kept open and once with
/// a connection per message.
/// </summary>
internal static class RawSmtp
{
    public static EmailMessage SampleMessage(string to)
    {
        var context = SampleData.Context(MessageKind.Confirmation, Language.En);
        var rendered = (RenderedEmail)new TemplateRenderer(TimeProvider.System).Render(context, Channel.Email);
        var invite = new CalendarInvite(TimeProvider.System).Create(context, to);
        return new EmailMessage(to, rendered.Subject, rendered.Text, rendered.Html, $"{Guid.NewGuid():N}@bench.autoshop",
            [new EmailAttachment(invite.FileName, invite.ContentType, System.Text.Encoding.UTF8.GetBytes(invite.Content))]);
    }

    public static async Task<double> MessagesPerSecondAsync(int smtpPort, int count, int concurrency, bool reuseConnection, CancellationToken ct)
    {
        var template = SampleMessage("raw@example.com");
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            SmtpClient? client = null;
            try
            {
                while (Interlocked.Increment(ref next) is var i && i < count)
                {
                    if (client is null)
                    {
                        client = new SmtpClient();
                        await client.ConnectAsync("127.0.0.1", smtpPort, SecureSocketOptions.None, ct);
                    }
                    await client.SendAsync(SmtpEmailSender.ToMime(template with { To = $"raw-{i}@example.com", MessageId = $"raw-{i}@bench.autoshop" },
                        "Bench <bench@autoshop.local>"), ct);
                    if (!reuseConnection)
                    {
                        await client.DisconnectAsync(quit: true, ct);
                        client.Dispose();
                        client = null;
                    }
                }
            }
            finally
            {
                if (client is not null)
                {
                    await client.DisconnectAsync(quit: true, ct);
                    client.Dispose();
                }
            }
        }));
        return count / watch.Elapsed.TotalSeconds;
    }
}
