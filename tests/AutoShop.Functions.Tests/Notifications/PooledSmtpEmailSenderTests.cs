using AutoShop.Functions.Email;
using AutoShop.Functions.Notifications.Email;
using AutoShop.Functions.Tests.Support;
using AutoShop.Testing.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>The kept-open SMTP connections against a MailDev of the test's own, which it restarts under them.</summary>
public sealed class PooledSmtpEmailSenderTests
{
    private static EmailMessage Message(string subject) =>
        new("pool@example.com", subject, "text", null, $"{Guid.NewGuid():N}@test.autoshop", []);

    [Fact]
    public async Task A_connection_the_relay_closed_while_it_was_idle_is_replaced_and_the_message_goes_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var maildev = new MailDevServer();
        await maildev.StartAsync(ct);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        await using var sender = new PooledSmtpEmailSender(Options.Create(new EmailOptions
        {
            SmtpHost = MailDevServer.SmtpHost, SmtpPort = maildev.SmtpPort, UseStartTls = false, From = "AutoShop <noreply@autoshop.example>",
        }), clock, NullLogger<PooledSmtpEmailSender>.Instance);
        await sender.SendAsync(Message("before the restart"), ct);

        await maildev.StopAsync(); // closes the pooled connection from the relay's side
        await maildev.StartAsync(ct);
        clock.Advance(PooledSmtpEmailSender.ProbeAfter + TimeSpan.FromSeconds(1));
        await sender.SendAsync(Message("after the restart"), ct);

        var after = await Eventually.Until(() => maildev.Client.ListEmailsAsync(ct), e => e.Any(m => m.Subject == "after the restart"), because: "the second message arrives");
        Assert.Single(after, m => m.Subject == "after the restart");
    }

    [Fact]
    public async Task A_message_whose_reply_never_came_is_not_sent_again_on_a_new_connection()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = new DroppingSmtpRelay();
        await using var sender = new PooledSmtpEmailSender(Options.Create(new EmailOptions
        {
            SmtpHost = "127.0.0.1", SmtpPort = relay.Port, UseStartTls = false, From = "AutoShop <noreply@autoshop.example>",
        }), new FakeTimeProvider(), NullLogger<PooledSmtpEmailSender>.Instance);
        await sender.SendAsync(Message("first"), ct);

        // Second message on the kept-open connection: the relay takes it and hangs up without a reply.
        await Assert.ThrowsAnyAsync<Exception>(() => sender.SendAsync(Message("second"), ct));

        Assert.Equal(1, relay.Received.GetValueOrDefault("second"));
    }
}
