using System.Text;
using AutoShop.Testing;
using AutoShop.Testing.Mail;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace AutoShop.Functions.Tests.DevServices;

public sealed class MailDevFixtureTests(DevServicesFixture services)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_sent_over_SMTP_arrives_in_MailDev_with_its_attachment()
    {
        var recipient = $"customer-{Guid.NewGuid():N}@example.test";
        var builder = new BodyBuilder
        {
            TextBody = "Your appointment is confirmed.",
            HtmlBody = "<p>Your appointment is <a href=\"http://127.0.0.1/manage?t=abc\">confirmed</a>.</p>",
        };
        builder.Attachments.Add("appointment.ics", Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
            new ContentType("text", "calendar"));
        var message = new MimeMessage
        {
            Subject = "Appointment confirmed",
            Body = builder.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse("AutoShop <no-reply@autoshop.local>"));
        message.To.Add(MailboxAddress.Parse(recipient));

        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(MailDevServer.SmtpHost, services.MailDev.SmtpPort, SecureSocketOptions.None, _ct);
            await smtp.SendAsync(message, _ct);
            await smtp.DisconnectAsync(quit: true, _ct);
        }

        var mail = Assert.Single(await services.MailDev.Client.WaitForEmailsAsync(
            e => e.IsTo(recipient), cancellationToken: _ct));
        Assert.Equal("Appointment confirmed", mail.Subject);
        Assert.Equal("Your appointment is confirmed.", mail.Text?.Trim());
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("appointment.ics", attachment.FileName);
        var bytes = await services.MailDev.Client.DownloadAttachmentAsync(mail.Id, attachment, _ct);
        Assert.StartsWith("BEGIN:VCALENDAR", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var original = await services.MailDev.Client.GetMessageAsync(mail.Id, _ct);
        Assert.Contains("http://127.0.0.1/manage?t=abc", original.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(message.MessageId, original.MessageId);
    }

    [Fact]
    public async Task Waiting_for_a_message_that_never_comes_times_out_with_what_arrived()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => services.MailDev.Client.WaitForEmailsAsync(
            e => e.IsTo("nobody@example.test"), timeout: TimeSpan.FromMilliseconds(300), cancellationToken: _ct));

        Assert.Contains("Expected 1 matching message", error.Message, StringComparison.Ordinal);
    }
}
