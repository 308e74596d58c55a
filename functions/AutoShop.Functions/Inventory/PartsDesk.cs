using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.Email;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Inventory;

public sealed class PartsDeskOptions
{
    public const string Section = "Inventory";

    [Required(ErrorMessage = "Inventory__PartsDeskEmail is required (where shortage notices go).")]
    [EmailAddress(ErrorMessage = "Inventory__PartsDeskEmail must be an email address.")]
    public string PartsDeskEmail { get; set; } = "parts-desk@autoshop.local";
}

public sealed class TeamsOptions : IValidatableObject
{
    public const string Section = "Teams";

    /// <summary>A Teams Workflows "When a Teams webhook request is received" URL; empty posts nothing.</summary>
    public string? WebhookUrl { get; set; }

    public Uri? Webhook => string.IsNullOrWhiteSpace(WebhookUrl) ? null : new Uri(WebhookUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(WebhookUrl)
            && !(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            yield return new ValidationResult("Teams__WebhookUrl must be an absolute http(s) URL or empty.", [nameof(WebhookUrl)]);
    }
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
public sealed partial class PartsDesk(IEmailSender email, IHttpClientFactory http, IOptions<PartsDeskOptions> options,
    IOptions<TeamsOptions> teams, ILogger<PartsDesk> logger)
{
    public const string HttpClientName = "teams-webhook";

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
        if (teams.Value.Webhook is { } url) await PostCardAsync(url, notice, subject, why, ct);
    }

    private async Task PostCardAsync(Uri url, ShortageNotice notice, string title, string why, CancellationToken ct)
    {
        try
        {
            using var response = await http.CreateClient(HttpClientName).PostAsync(url,
                new StringContent(Card(notice, title, why).ToJsonString(), System.Text.Encoding.UTF8, "application/json"), ct);
            if (!response.IsSuccessStatusCode) LogTeamsRefused(logger, (int)response.StatusCode, notice.AppointmentId, notice.Sku);
        }
        catch (HttpRequestException ex)
        {
            LogTeamsFailed(logger, ex, notice.AppointmentId, notice.Sku);
        }
    }

    /// <summary>The Workflows webhook envelope around an Adaptive Card 1.5 (no buttons: without a bot only OpenUrl works, and there is no page yet).</summary>
    public static JsonObject Card(ShortageNotice notice, string title, string why) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = new JsonObject
            {
                ["type"] = "AdaptiveCard",
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["version"] = "1.5",
                ["body"] = new JsonArray(
                    new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["wrap"] = true },
                    new JsonObject
                    {
                        ["type"] = "FactSet",
                        ["facts"] = new JsonArray(
                            Fact("Shop", notice.ShopId), Fact("Part", $"{notice.Sku} ({notice.Description})"), Fact("Quantity", notice.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                            Fact("Needed by", notice.NeededBy), Fact("Request", notice.ProcurementRequestId)),
                    },
                    new JsonObject { ["type"] = "TextBlock", ["text"] = why, ["wrap"] = true }),
            },
        }),
    };

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    [LoggerMessage(LogLevel.Warning, "Teams webhook answered {Status} for the shortage of {Sku} on job card {AppointmentId}")]
    private static partial void LogTeamsRefused(ILogger logger, int status, string appointmentId, string sku);

    [LoggerMessage(LogLevel.Warning, "Teams webhook unreachable for the shortage of {Sku} on job card {AppointmentId}")]
    private static partial void LogTeamsFailed(ILogger logger, Exception exception, string appointmentId, string sku);
}
