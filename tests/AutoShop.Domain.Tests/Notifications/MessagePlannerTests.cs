using AutoShop.Domain.Notifications;

namespace AutoShop.Domain.Tests.Notifications;

public class MessagePlannerTests
{
    private static readonly RecipientContact Both = new(HasEmailAddress: true, HasPhoneNumber: true);

    private static RecipientPreferences Prefs(bool email = true, bool sms = true, Channel[]? preferred = null, Language? language = null) =>
        new(email, sms, preferred ?? [], language ?? Language.En);

    [Fact]
    public void With_consent_and_no_stated_preference_every_channel_is_used()
    {
        var plan = MessagePlanner.Plan(MessageKind.Confirmation, Prefs(), Both);

        Assert.Equal(
            [new PlannedMessage(MessageKind.Confirmation, Channel.Email, Language.En), new PlannedMessage(MessageKind.Confirmation, Channel.Sms, Language.En)],
            plan.Sends);
        Assert.Empty(plan.Skips);
    }

    [Fact]
    public void Messages_go_out_in_the_customers_language()
    {
        var plan = MessagePlanner.Plan(MessageKind.Reminder, Prefs(language: Language.FromTag("es-MX")), Both);

        Assert.All(plan.Sends, send => Assert.Equal(Language.Es, send.Language));
    }

    [Theory]
    [InlineData(false, true, true, true, Channel.Email, "email-opted-out")]
    [InlineData(true, false, true, true, Channel.Sms, "sms-opted-out")]
    [InlineData(true, true, false, true, Channel.Email, "no-email-address")]
    [InlineData(true, true, true, false, Channel.Sms, "no-phone-number")]
    public void A_channel_without_consent_or_address_is_skipped_with_its_reason(
        bool emailOptIn, bool smsOptIn, bool hasEmail, bool hasPhone, Channel skipped, string reason)
    {
        var plan = MessagePlanner.Plan(MessageKind.Reminder, Prefs(emailOptIn, smsOptIn), new RecipientContact(hasEmail, hasPhone));

        var skip = Assert.Single(plan.Skips);
        Assert.Equal((skipped, reason), (skip.Channel, skip.ReasonCode));
        Assert.DoesNotContain(plan.Sends, s => s.Channel == skipped);
    }

    [Fact]
    public void A_channel_the_customer_did_not_prefer_is_skipped()
    {
        var plan = MessagePlanner.Plan(MessageKind.Reminder, Prefs(preferred: [Channel.Sms]), Both);

        Assert.Equal(Channel.Sms, Assert.Single(plan.Sends).Channel);
        Assert.Equal(new SkippedChannel(Channel.Email, SkipReason.ChannelNotPreferred), Assert.Single(plan.Skips));
        Assert.Equal("channel-not-preferred", plan.Skips[0].ReasonCode);
    }

    [Fact]
    public void An_opt_out_is_the_reason_given_even_when_the_address_is_missing_too()
    {
        var plan = MessagePlanner.Plan(MessageKind.Cancelled, Prefs(sms: false, preferred: [Channel.Email]), new RecipientContact(true, false));

        Assert.Equal(SkipReason.SmsOptedOut, Assert.Single(plan.Skips).Reason);
    }

    [Fact]
    public void Without_any_usable_channel_nothing_is_sent()
    {
        var plan = MessagePlanner.Plan(MessageKind.FollowUp, Prefs(email: false, sms: false), Both);

        Assert.True(plan.SendsNothing);
        Assert.Equal(["email-opted-out", "sms-opted-out"], plan.Skips.Select(s => s.ReasonCode));
    }
}
