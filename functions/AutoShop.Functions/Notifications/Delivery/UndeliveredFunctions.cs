using System.Globalization;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Notifications.Delivery;

/// <summary>
/// Messages a shop's customers (or its parts desk) never got: refused for good, or still failing when the
/// horizon passed. Staff list them and ask for another try, with a reason code.
/// </summary>
[Tags("Notifications")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class UndeliveredFunctions(IShopStore shops, UndeliveredMessages undelivered, DeliveryLog log, StorageClients storage, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <param name="Status"><c>undelivered</c>; <c>retry-requested</c> (staff asked, the try is queued); <c>retrying</c> (a try is under way or waits for its backoff).</param>
    /// <param name="Reason"><c>rejected</c> (refused for good) or <c>retries-exhausted</c> (still failing at the horizon).</param>
    public sealed record UndeliveredView(string Id, string AppointmentId, string Kind, string Label, int Version, string Channel, string Recipient,
        string Status, string Reason, string LastError, int Attempts, DateTimeOffset FirstFailedAt, DateTimeOffset GaveUpAt,
        string? RetriedBy, DateTimeOffset? RetriedAt, string? RetryReason);

    /// <param name="Next">Pass as <c>after</c> for the next page; null on the last.</param>
    public sealed record UndeliveredPage(string ShopId, IReadOnlyList<UndeliveredView> Messages, string? Next);

    public sealed record RetryRequest(string? ReasonCode);

    [Function("ListUndeliveredMessages")]
    [EndpointSummary("Messages given up on (refused for good, or still failing after Notifications:GiveUpAfter): appointment, kind, channel, recipient, last error, tries; paged by 'after'")]
    [QueryParameter("after", typeof(string), Description = "The 'next' value of the page before.")]
    [QueryParameter("pageSize", typeof(int), Description = "Messages per page, 1 to 200 (50 by default).")]
    public async Task<Results<Ok<UndeliveredPage>, ProblemHttpResult, ValidationProblem>> ListUndeliveredMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/undelivered-messages")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        var after = req.QueryText("after");
        // A page size that is no number is refused before anything is looked up, as binding it refused it before.
        if (!TryReadPageSize(req.QueryText("pageSize"), out var pageSize))
            return ValidationProblems.Invalid("pageSize", "must be a whole number.");
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        var errors = new Dictionary<string, string[]>();
        if (after is not null && !UndeliveredMessage.IsId(after)) errors["after"] = ["must be the 'next' value of the page before."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"must be between 1 and {MaxPageSize}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var size = pageSize ?? DefaultPageSize;
        var rows = await undelivered.PageAsync(setup.Shop.Id.Value, after, size + 1, ct);
        var page = rows.Take(size).ToList();
        // The claim says whether the message went out after all (a later try or a redelivery), so delivered ones are left out.
        var states = await Task.WhenAll(page.Select(m => log.StateAsync(m.AppointmentId, m.DedupeKey, m.Channel, ct)));
        var views = page.Zip(states)
            .Where(p => p.Second != ClaimStates.Sent)
            .Select(p => View(p.First, p.Second))
            .ToList();
        return TypedResults.Ok(new UndeliveredPage(setup.Shop.Id.Value, views, rows.Count > size ? page[^1].Id : null));
    }

    [Function("RetryUndeliveredMessage")]
    [EndpointSummary("Try an undelivered message again now (reason code required); 409 when it was delivered meanwhile")]
    [JsonBody(typeof(RetryRequest), Optional = true)]
    public async Task<Results<Accepted<UndeliveredView>, ProblemHttpResult, ValidationProblem>> RetryUndeliveredMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shops/{shopId}/undelivered-messages/{messageId}/retry")] HttpRequest req,
        string shopId, string messageId)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadOptionalJsonAsync<RetryRequest>(ct);
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        if (!ReasonCode.TryParse(request?.ReasonCode).TryGetValue(out var reason, out var error))
            return ValidationProblems.Invalid(error);
        if (!UndeliveredMessage.IsId(messageId) || await undelivered.GetAsync(setup.Shop.Id.Value, messageId, ct) is not { } found)
            return Problems.NotFound("Undelivered message not found", $"Shop '{shopId}' has no undelivered message '{messageId}'.");
        var (message, etag) = found;

        var state = await log.StateAsync(message.AppointmentId, message.DedupeKey, message.Channel, ct);
        if (message.Status == UndeliveredStatus.NoLongerApplies)
            return Problems.Conflict("No longer applies", $"Message '{messageId}' no longer applies (the appointment changed or the customer opted out); see its appointment's deliveries.");
        if (state == ClaimStates.Sent || message.Status == UndeliveredStatus.Delivered)
            return Problems.Conflict("Already delivered", $"Message '{messageId}' was delivered after it was listed; there is nothing to retry.");
        if (state is ClaimStates.Released or ClaimStates.Sending)
            return Problems.Conflict("A try is under way", $"Message '{messageId}' is being tried again already; see its appointment's deliveries.");

        var now = clock.GetUtcNow();
        if (!await undelivered.MarkRetryRequestedAsync(message, etag, req.HttpContext.User.StaffId(), reason.Value, now, CorrelationId.Of(req.HttpContext), ct))
            return Problems.Conflict("Changed meanwhile", $"Message '{messageId}' changed while it was being retried; read the list again.");
        // The try itself runs on the message's own queue, as its automatic tries did: the claim decides, so two
        // retries at once (or one racing a late redelivery) still send it once.
        await storage.Queues.GetQueueClient(message.RetryQueue).SendMessageAsync(BinaryData.FromString(message.RetryBody), cancellationToken: ct);
        var retried = message with { Status = UndeliveredStatus.RetryRequested, RetriedBy = req.HttpContext.User.StaffId(), RetriedAt = now, RetryReason = reason.Value };
        return TypedResults.Accepted($"/api/shops/{setup.Shop.Id.Value}/undelivered-messages", View(retried, state));
    }

    /// <summary>Absent is no page size; anything else, an empty value too, must be a whole number (as binding an <c>int?</c> had it).</summary>
    private static bool TryReadPageSize(string? text, out int? pageSize)
    {
        pageSize = null;
        if (text is null) return true;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return false;
        pageSize = value;
        return true;
    }

    private static UndeliveredView View(UndeliveredMessage m, string? claimState) => new(m.Id, m.AppointmentId, m.Kind, m.Label, m.Version, m.Channel,
        m.Recipient, claimState is ClaimStates.Released or ClaimStates.Sending ? "retrying" : m.Status, m.Reason, m.LastError, m.Attempts,
        m.FirstFailedAt, m.GaveUpAt, m.RetriedBy, m.RetriedAt, m.RetryReason);
}
