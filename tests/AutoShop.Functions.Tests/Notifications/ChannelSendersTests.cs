using AutoShop.Functions.Email;
using AutoShop.Functions.Notifications;
using AutoShop.Functions.Notifications.Email;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Notifications.Sms;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>The channel senders' own judgement of a failure: refused for good, or worth a later try.</summary>
public sealed class ChannelSendersTests
{
    [Fact]
    public async Task An_address_that_does_not_parse_is_refused_for_good_before_the_relay_is_asked()
    {
        await using var relay = new RejectingSmtpRelay();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        await using var email = new PooledSmtpEmailSender(Options.Create(new EmailOptions
        {
            SmtpHost = "127.0.0.1", SmtpPort = relay.Port, UseStartTls = false, From = "AutoShop <noreply@autoshop.example>",
        }), clock, NullLogger<PooledSmtpEmailSender>.Instance);
        var sms = new AcsSmsChannel(new AcsSmsSender(new HttpClient(), new AcsSmsSenderSettings(
            AcsConnectionString.Parse("endpoint=https://contoso.communication.azure.com/;accesskey=YXV0b3Nob3AtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZg=="), "+18005550100"), clock));
        var senders = new ChannelSenders(email, sms, Options.Create(new NotificationOptions()), clock, NullLogger<ChannelSenders>.Instance);

        var result = await senders.SendEmailAsync(new EmailMessage("a@b@c", "Subject", "Text", null, "id@test.autoshop"), TestContext.Current.CancellationToken);

        var refused = Assert.IsType<SendRefused>(result);
        Assert.StartsWith("bad address", refused.Reason, StringComparison.Ordinal);
        Assert.Empty(relay.RecipientsTried);
    }
}
