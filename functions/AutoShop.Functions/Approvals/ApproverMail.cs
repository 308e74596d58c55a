using System.Security.Cryptography;
using System.Text;
using AutoShop.Domain.Approvals;
using AutoShop.Functions.Email;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Teams;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// What approvers are told about a request: asked (every approver their own approve/deny links, and the
/// Teams card) and withdrawn (their links no longer act). Each step is marked once done, so a retried
/// activity or a redelivered event skips what was already sent; a crash between sending and marking can
/// resend one email, never lose it.
/// </summary>
public sealed partial class ApproverMail(IEmailSender email, TeamsWebhook teams, ApproverLinks links, StorageClients storage,
    IOptions<ApprovalOptions> options, ILogger<ApproverMail> logger)
{
    public const string MarkerTable = "approvalnotices";

    public async Task RequestedAsync(ApprovalRequest request, ExceptionEventData data, CancellationToken cancellationToken)
    {
        var appointment = data.Appointment;
        var what = What(request, data);
        foreach (var approver in options.Value.ApproverList)
        {
            await OnceAsync(request.Id, "mail|" + approver, () => email.SendAsync(new EmailMessage(approver,
                $"Exception requested: {appointment.Customer.Name}, {appointment.Start.Local[..16].Replace('T', ' ')}",
                $"""
                {appointment.Customer.Name} asks to {what} appointment {appointment.Id} ({string.Join(", ", appointment.Services)}, {appointment.Start.Local}).
                Their reason: {request.CustomerReason}

                Approve: {links.Url(request, approver, "approve")}
                Deny:    {links.Url(request, approver, "deny")}

                Each link opens a confirmation page; nothing changes until you confirm there. Undecided requests expire at {request.ExpiresAt}.
                """,
                null, $"<{request.Id}.{Hash(approver)}@approvals.autoshop>"), cancellationToken), cancellationToken);
        }
        if (teams.IsConfigured && options.Value.ApproverList.FirstOrDefault() is { } first)
        {
            await OnceAsync(request.Id, "teams", () => teams.PostCardAsync($"Exception requested: {appointment.Customer.Name}",
                [("Appointment", appointment.Start.Local), ("Services", string.Join(", ", appointment.Services)), ("Asks to", what), ("Reason", request.CustomerReason)],
                [("Approve…", links.Url(request, first, "approve")), ("Deny…", links.Url(request, first, "deny"))], cancellationToken), cancellationToken);
        }
        LogNotified(logger, request.Id, options.Value.ApproverList.Count);
    }

    /// <summary>Tells the approvers who were asked that the request needs no decision any more.</summary>
    public async Task WithdrawnAsync(ExceptionEventData data, CancellationToken cancellationToken)
    {
        var request = data.Request.ToDomain();
        var appointment = data.Appointment;
        var by = request.Decision is { } d ? $"{d.By.Kind.ToString().ToLowerInvariant()} {d.By.Id}" : "someone";
        var subject = $"Exception withdrawn: {appointment.Customer.Name}, {appointment.Start.Local[..16].Replace('T', ' ')}";
        var why = $"Appointment {appointment.Id} changed ({appointment.Status}, by {by}) before anyone decided, so exception request {request.Id} (to {What(request, data)}) is withdrawn.";
        foreach (var approver in options.Value.ApproverList)
        {
            await OnceAsync(request.Id, "withdrawn-mail|" + approver, () => email.SendAsync(new EmailMessage(approver, subject,
                $"""
                {why}
                Nothing needs deciding; the approve and deny links of this request no longer change anything.
                """,
                null, $"<{request.Id}.withdrawn.{Hash(approver)}@approvals.autoshop>"), cancellationToken), cancellationToken);
        }
        if (teams.IsConfigured)
            await OnceAsync(request.Id, "withdrawn-teams", () => teams.PostCardAsync(subject,
                [("Appointment", appointment.Start.Local), ("Status", appointment.Status), ("Request", request.Id)], [], cancellationToken, footnote: why), cancellationToken);
        LogWithdrawn(logger, request.Id, options.Value.ApproverList.Count);
    }

    private static string What(ApprovalRequest request, ExceptionEventData data) => request.Change.Action == RequestedAction.Cancel
        ? $"cancel ({request.Change.CancelReason})"
        : $"move to {data.Request.NewStart?.Replace('T', ' ')}";

    private async Task OnceAsync(string requestId, string step, Func<Task> action, CancellationToken ct)
    {
        var markers = storage.Tables.GetTableClient(MarkerTable);
        var key = Hash(step);
        if ((await markers.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(requestId, key, select: ["RowKey"], cancellationToken: ct)).HasValue) return;
        await action();
        await markers.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(requestId, key) { ["Step"] = step.StartsWith("mail|", StringComparison.Ordinal) ? "mail" : step }, cancellationToken: ct);
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];

    [LoggerMessage(LogLevel.Information, "Approvers notified of exception request {RequestId} ({ApproverCount} approvers)")]
    private static partial void LogNotified(ILogger logger, string requestId, int approverCount);

    [LoggerMessage(LogLevel.Information, "Approvers told that exception request {RequestId} is withdrawn ({ApproverCount} approvers)")]
    private static partial void LogWithdrawn(ILogger logger, string requestId, int approverCount);
}
