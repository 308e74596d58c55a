using System.Globalization;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.Email;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Teams;
using Microsoft.Extensions.Options;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Inventory;

/// <summary>
/// The parts desk's queue consumer: emails one shortage notice through <see cref="TrackedSends"/> (claimed
/// once, tried again later while the relay is down, undelivered for staff after the horizon) and, on its
/// first try, posts an Adaptive Card in Teams when a Workflows webhook is configured. The email's
/// Message-Id is derived from the job card and part, so a resend after a crash is recognisable. Teams is
/// best effort: a failed post is logged, not retried.
/// </summary>
public sealed partial class NotifyPartsDesk(
    TrackedSends tracked,
    ChannelSenders senders,
    TeamsWebhook teams,
    IOptions<PartsDeskOptions> options,
    ILogger<NotifyPartsDesk> logger)
{
    public const string Name = "NotifyPartsDesk";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(PartsDesk.Queue, Connection = StorageOptions.Section)] string message, CancellationToken cancellationToken)
    {
        var parsed = PartsDesk.Parse(message);
        var notice = parsed.Notice;
        var why = notice.Reason == ShortageReason.LeadTime
            ? $"The supplier's lead time ends after the appointment: expected {notice.ExpectedArrival}."
            : $"A delivery ordered now is expected {notice.ExpectedArrival}.";
        var subject = $"Parts short: {notice.Sku} x{notice.Quantity} for appointment {notice.AppointmentId}";
        var text = $"""
            Job card {notice.AppointmentId} at shop {notice.ShopId} is short of {notice.Quantity} x {notice.Sku} ({notice.Description}).
            Needed by: {notice.NeededBy}
            {why}
            Procurement request: {notice.ProcurementRequestId}
            """;
        var to = options.Value.PartsDeskEmail;
        var send = new TrackedMessage(notice.ShopId, notice.AppointmentId, notice.DedupeKey, PartsDesk.Kind, notice.Sku, 0, "email", to, null,
            parsed.Attempt, new RetryRoute(PartsDesk.Queue, attempt => PartsDesk.Serialize(PartsDeskMessage.For(notice, attempt))));
        var email = new EmailMessage(to, subject, text, null, $"<shortage.{notice.AppointmentId}.{notice.Sku}@autoshop>");

        var claim = await tracked.SendAsync(send, token => senders.SendEmailAsync(email, token), "smtp", cancellationToken);
        if (claim == ClaimResult.Claimed && !parsed.Attempt.IsRetry && teams.IsConfigured) await PostCardAsync(notice, subject, why, cancellationToken);
    }

    private async Task PostCardAsync(ShortageNotice notice, string title, string why, CancellationToken ct)
    {
        try
        {
            await teams.PostCardAsync(title,
                [("Shop", notice.ShopId), ("Part", $"{notice.Sku} ({notice.Description})"), ("Quantity", notice.Quantity.ToString(CultureInfo.InvariantCulture)),
                 ("Needed by", notice.NeededBy), ("Request", notice.ProcurementRequestId)],
                [], ct, footnote: why);
        }
        catch (HttpRequestException ex)
        {
            LogTeamsFailed(logger, ex, notice.AppointmentId, notice.Sku);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Teams webhook unreachable for the shortage of {Sku} on job card {AppointmentId}")]
    private static partial void LogTeamsFailed(ILogger logger, Exception exception, string appointmentId, string sku);
}
