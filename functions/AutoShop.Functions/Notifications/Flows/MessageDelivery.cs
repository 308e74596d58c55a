using System.Security.Cryptography;
using System.Text;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Email;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Notifications.Sms;
using AutoShop.Functions.Notifications.Templates;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>
/// Sends one planned message at most once per (appointment, version, kind, label, channel): render (the
/// shop's override, or the default if an override no longer validates) and send through
/// <see cref="TrackedSends"/>, which claims, records, and queues a later try when the send fails.
/// See <see cref="DeliveryLog"/> for the crash windows and why this is at least once.
/// </summary>
public sealed partial class MessageDelivery(
    TrackedSends tracked,
    TemplateStore templates,
    TemplateRenderer renderer,
    CalendarInvite calendar,
    NotificationContexts contexts,
    ChannelSenders senders,
    ILogger<MessageDelivery> logger)
{
    /// <param name="alsoRecord">Log entries of this appointment to write with the claim (see <see cref="DeliveryLog.ClaimAsync"/>).</param>
    public async Task SendAsync(Notice notice, PlannedMessage planned, Appointment appointment, ShopSetup setup, CancellationToken ct,
        IReadOnlyList<DeliveryEntry>? alsoRecord = null)
    {
        var channel = planned.Channel.Code();
        var recipient = planned.Channel == Channel.Sms ? appointment.Customer.Phone?.E164 : appointment.Customer.Email?.Value;
        var message = new TrackedMessage(setup.Shop.Id.Value, appointment.Id.Value, notice.DedupeKey, notice.Kind.Code(), notice.Label, notice.Version, channel,
            recipient ?? "", notice.Due.ToDateTimeOffset(), notice.Attempt, RetryRouteFor(notice, planned.Channel));
        var via = planned.Channel == Channel.Sms ? senders.SmsChannelName : "smtp";
        await tracked.SendAsync(message, async token =>
        {
            var context = contexts.Create(appointment, setup, notice.Kind, planned.Language, ExceptionFor(notice, planned.Language));
            var rendered = await RenderAsync(context, planned.Channel, setup.Shop.Id.Value, token);
            return rendered switch
            {
                RenderedEmail email => await senders.SendEmailAsync(Email(notice, appointment, context, email), token),
                RenderedSms sms => await senders.SendSmsAsync(new SmsMessage(appointment.Customer.Phone!.E164, sms.Text, $"{notice.DedupeKey}:sms")
                {
                    Tag = notice.Kind.Code(),
                    FirstAttemptAt = notice.Due.ToDateTimeOffset(),
                }, token),
                _ => throw new InvalidOperationException($"Unexpected render result {rendered}"),
            };
        }, via, ct, alsoRecord);
    }

    /// <summary>A later try of one channel of a notice waits on the timer queue, like a reminder, and is planned again on arrival.</summary>
    private static RetryRoute RetryRouteFor(Notice notice, Channel channel) => new(NotificationTimers.Queue, attempt =>
        NotificationTimers.Serialize(TimerMessage.From(notice with { OnlyChannel = channel, Attempt = attempt })));

    private async Task<RenderResult> RenderAsync(NotificationContext context, Channel channel, string shopId, CancellationToken ct)
    {
        var overrides = await templates.OverridesForSendingAsync(shopId, new TemplateKey(context.Kind, channel, context.Language), ct);
        var rendered = renderer.Render(context, channel, overrides);
        if (rendered is not TemplateRejected rejected) return rendered;
        // Saved overrides were valid when saved; if one no longer is, the customer still gets the default.
        LogOverrideRejected(logger, shopId, context.Kind.Code(), channel.Code(), string.Join("; ", rejected.Errors));
        return renderer.Render(context, channel);
    }

    private EmailMessage Email(Notice notice, Appointment appointment, NotificationContext context, RenderedEmail email)
    {
        var attachments = new List<EmailAttachment>();
        if (notice.Kind is MessageKind.Confirmation or MessageKind.Rescheduled or MessageKind.Cancelled)
        {
            var invite = calendar.Create(context, appointment.Customer.Email!.Value);
            attachments.Add(new EmailAttachment(invite.FileName, invite.ContentType, Encoding.UTF8.GetBytes(invite.Content)));
        }
        return new EmailMessage(appointment.Customer.Email!.Value, email.Subject, email.Text, email.Html, MessageIdFor(notice.DedupeKey), attachments,
            new Dictionary<string, string>
            {
                ["Auto-Submitted"] = "auto-generated",
                ["X-AutoShop-Kind"] = notice.Kind.Code(),
                ["X-AutoShop-Appointment"] = appointment.Id.Value,
            });
    }

    /// <summary>The same logical email always carries the same Message-Id, so a resend after a crash is recognisable.</summary>
    public static string MessageIdFor(string dedupeKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)))[..32] + "@notifications.autoshop";

    private static ExceptionDetails? ExceptionFor(Notice notice, Language language) =>
        notice.ExceptionExpired && notice.Exception is { } details
            ? details with { DecisionNote = language == Language.Es
                ? "Nadie pudo revisar su solicitud a tiempo, por lo que no fue aprobada."
                : "No one could review your request in time, so it was not approved." }
            : notice.Exception;

    [LoggerMessage(LogLevel.Warning, "Shop {ShopId}'s {Kind} {Channel} override no longer validates; sent the default ({Errors})")]
    private static partial void LogOverrideRejected(ILogger logger, string shopId, string kind, string channel, string errors);
}
