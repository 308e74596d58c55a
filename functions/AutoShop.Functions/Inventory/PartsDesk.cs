using System.ComponentModel.DataAnnotations;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.Email;
using AutoShop.Functions.Teams;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Inventory;

public sealed class PartsDeskOptions
{
    public const string Section = "Inventory";

    [Required(ErrorMessage = "Inventory__PartsDeskEmail is required (where shortage notices go).")]
    [EmailAddress(ErrorMessage = "Inventory__PartsDeskEmail must be an email address.")]
    public string PartsDeskEmail { get; set; } = "parts-desk@autoshop.local";
}

/// <summary>One job card short of one part, as the parts desk is told about it.</summary>
public sealed record ShortageNotice(string ShopId, string AppointmentId, string Sku, string Description, int Quantity,
    ShortageReason Reason, string NeededBy, string ExpectedArrival, string ProcurementRequestId);

/// <summary>
/// Tells the parts desk about shortages: an email always, and an Adaptive Card in Teams when a
/// Workflows webhook is configured. The email's Message-Id is derived from the job card and part, so a
/// resend after a crash is recognisable. Teams is best effort: a failed post is logged, not retried,
/// because retrying would resend the email too.
/// </summary>
public sealed partial class PartsDesk(IEmailSender email, TeamsWebhook teams, IOptions<PartsDeskOptions> options, ILogger<PartsDesk> logger)
{
    public async Task NotifyAsync(ShortageNotice notice, CancellationToken ct)
    {
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
        await email.SendAsync(new EmailMessage(options.Value.PartsDeskEmail, subject, text, null,
            $"<shortage.{notice.AppointmentId}.{notice.Sku}@autoshop>"), ct);
        if (teams.IsConfigured) await PostCardAsync(notice, subject, why, ct);
    }

    private async Task PostCardAsync(ShortageNotice notice, string title, string why, CancellationToken ct)
    {
        try
        {
            await teams.PostCardAsync(title,
                [("Shop", notice.ShopId), ("Part", $"{notice.Sku} ({notice.Description})"), ("Quantity", notice.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)),
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
