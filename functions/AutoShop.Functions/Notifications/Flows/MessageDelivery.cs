using System.Security.Cryptography;
using System.Text;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Email;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Notifications.Sms;
using AutoShop.Functions.Notifications.Templates;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>
/// Sends one planned message at most once per (appointment, version, kind, label, channel): claim,
/// render (the shop's override, or the default if an override no longer validates), send, record.
/// See <see cref="DeliveryLog"/> for the crash windows and why this is at least once.
/// </summary>
public sealed partial class MessageDelivery(
    DeliveryLog log,
    TemplateStore templates,
    TemplateRenderer renderer,
    CalendarInvite calendar,
    NotificationContexts contexts,
    ChannelSenders senders,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    [FromKeyedServices(HostingExtensions.PollingClock)] TimeProvider realClock,
    ILogger<MessageDelivery> logger)
{
    /// <param name="alsoRecord">Log entries of this appointment to write with the claim (see <see cref="DeliveryLog.ClaimAsync"/>).</param>
    public async Task SendAsync(Notice notice, PlannedMessage planned, Appointment appointment, ShopSetup setup, CancellationToken ct,
        IReadOnlyList<DeliveryEntry>? alsoRecord = null)
    {
        var channel = planned.Channel.Code();
        var id = appointment.Id.Value;
        var claim = await log.ClaimAsync(id, notice.DedupeKey, channel, realClock.GetUtcNow(), options.Value.ClaimLease, ct, alsoRecord);
        if (claim != ClaimResult.Claimed)
        {
            LogNotClaimed(logger, notice.DedupeKey, channel, claim);
            return;
        }

        SendResult result;
        try
        {
            var context = contexts.Create(appointment, setup, notice.Kind, planned.Language, ExceptionFor(notice, planned.Language));
            var rendered = await RenderAsync(context, planned.Channel, setup.Shop.Id.Value, ct);
            result = rendered switch
            {
                RenderedEmail email => await senders.SendEmailAsync(Email(notice, appointment, context, email), ct),
                RenderedSms sms => await senders.SendSmsAsync(new SmsMessage(appointment.Customer.Phone!.E164, sms.Text, $"{notice.DedupeKey}:sms")
                {
                    Tag = notice.Kind.Code(),
                    FirstAttemptAt = notice.Due.ToDateTimeOffset(),
                }, ct),
                _ => throw new InvalidOperationException($"Unexpected render result {rendered}"),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await log.ReleaseAsync(id, notice.DedupeKey, channel, ct);
            var attempts = await log.AttemptsAsync(id, notice.DedupeKey, channel, ct);
            await log.RecordAsync(Entry(notice, channel, DeliveryOutcome.Failed, DeliveryReasons.Transient) with { Detail = ex.Message, Attempts = attempts }, ct);
            throw;
        }

        if (result is SendDelivered delivered)
        {
            var via = planned.Channel == Channel.Sms ? senders.SmsChannelName : "smtp";
            await log.MarkSentAsync(Entry(notice, channel, DeliveryOutcome.Sent, null) with { Detail = $"{via} {delivered.ProviderId}" }, delivered.ProviderId, ct);
            LogSent(logger, notice.DedupeKey, channel);
        }
        else if (result is SendRefused refused)
        {
            await log.MarkRefusedAsync(id, notice.DedupeKey, channel, ct);
            await log.RecordAsync(Entry(notice, channel, DeliveryOutcome.Failed, DeliveryReasons.Rejected) with { Detail = refused.Reason }, ct);
            LogRefused(logger, notice.DedupeKey, channel, refused.Reason);
        }
    }

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

    private DeliveryEntry Entry(Notice notice, string channel, string outcome, string? reason) =>
        new(notice.AppointmentId, notice.DedupeKey, notice.Kind.Code(), notice.Label, notice.Version, channel, outcome, clock.GetUtcNow(), reason,
            notice.Due.ToDateTimeOffset());

    [LoggerMessage(LogLevel.Information, "Sent {DedupeKey} by {Channel}")]
    private static partial void LogSent(ILogger logger, string dedupeKey, string channel);

    [LoggerMessage(LogLevel.Information, "Not sending {DedupeKey} by {Channel}: {Claim}")]
    private static partial void LogNotClaimed(ILogger logger, string dedupeKey, string channel, ClaimResult claim);

    [LoggerMessage(LogLevel.Warning, "{DedupeKey} by {Channel} was refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string dedupeKey, string channel, string reason);

    [LoggerMessage(LogLevel.Warning, "Shop {ShopId}'s {Kind} {Channel} override no longer validates; sent the default ({Errors})")]
    private static partial void LogOverrideRejected(ILogger logger, string shopId, string kind, string channel, string errors);
}
