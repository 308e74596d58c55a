using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Pages;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>What the dev SMS outbox "sent": for tests and for people running the app without ACS.</summary>
[Tags("Operations")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class SmsOutboxFunctions(ISmsChannel channel)
{
    private const string To = "An E.164 number (e.g. +12125550123): only the messages to it.";

    [Function("ListSmsOutbox")]
    [EndpointSummary("SMS the dev outbox recorded instead of sending (?to= an E.164 number); 404 when SMS go through ACS")]
    [QueryParameter("to", typeof(string), Description = To)]
    public async Task<Results<Ok<IReadOnlyList<OutboxSms>>, ProblemHttpResult, ValidationProblem>> ListSmsOutbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ops/sms-outbox")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var to = req.QueryText("to");
        if (channel is not DevSmsOutbox outbox) return NotInUse();
        if (Recipient(to) is { } problem) return TypedResults.ValidationProblem(problem);
        return TypedResults.Ok(await outbox.ListAsync(Normalise(to), 200, ct));
    }

    [Function("ShowSmsOutbox")]
    [EndpointSummary("The same as a small HTML page, newest last")]
    [QueryParameter("to", typeof(string), Description = To)]
    public async Task<IResult> ShowSmsOutbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ops/sms-outbox/page")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var to = req.QueryText("to");
        if (channel is not DevSmsOutbox outbox) return NotInUse();
        if (Recipient(to) is { } problem) return TypedResults.ValidationProblem(problem);
        var messages = await outbox.ListAsync(Normalise(to), 200, ct);
        var rows = messages.Count == 0
            ? """<div class="card notice"><p>No messages yet.</p></div>"""
            : string.Concat(messages.Select(m => $"""
                <div class="card"><dl><dt>To</dt><dd>{PageLayout.E(m.To)}</dd><dt>At</dt><dd>{PageLayout.E(m.SentAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))}</dd>
                <dt>Kind</dt><dd>{PageLayout.E(m.Tag)}</dd></dl><p>{PageLayout.E(m.Text)}</p></div>
                """));
        return PageLayout.Render(to is null ? "SMS outbox" : $"SMS outbox for {Normalise(to)}", rows);
    }

    private static string? Normalise(string? to) => to is null ? null : ContactKey.TryPhone(to, out var key) ? key.Address : to;

    private static Dictionary<string, string[]>? Recipient(string? to) =>
        to is null || ContactKey.TryPhone(to, out _) ? null : new() { ["to"] = ["is not a phone number (use E.164, e.g. +12125550123)."] };

    private static ProblemHttpResult NotInUse() =>
        Problems.NotFound("No SMS outbox", "SMS are sent through Azure Communication Services; the dev outbox is not in use.");
}
