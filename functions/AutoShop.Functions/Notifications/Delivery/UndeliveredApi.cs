using System.Security.Claims;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Notifications.Delivery;

/// <summary>
/// Messages a shop's customers (or its parts desk) never got: refused for good, or still failing when the
/// horizon passed. Staff list them and ask for another try, with a reason code.
/// </summary>
public static class UndeliveredApi
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

    public static IEndpointRouteBuilder MapUndelivered(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/shops/{shopId}/undelivered-messages").WithTags("Notifications").RequireAuthorization(StaffPolicy.Name);
        group.MapGet("/", List).WithName("ListUndeliveredMessages")
            .WithSummary("Messages given up on (refused for good, or still failing after Notifications:GiveUpAfter): appointment, kind, channel, recipient, last error, tries; paged by 'after'");
        group.MapPost("/{messageId}/retry", Retry).WithName("RetryUndeliveredMessage")
            .WithSummary("Try an undelivered message again now (reason code required); 409 when it was delivered meanwhile");
        return app;
    }

    public static async Task<Results<Ok<UndeliveredPage>, ProblemHttpResult, ValidationProblem>> List(string shopId, string? after, int? pageSize,
        IShopStore shops, UndeliveredMessages undelivered, DeliveryLog log, CancellationToken ct)
    {
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

    public static async Task<Results<Accepted<UndeliveredView>, ProblemHttpResult, ValidationProblem>> Retry(string shopId, string messageId,
        RetryRequest? request, IShopStore shops, UndeliveredMessages undelivered, DeliveryLog log, StorageClients storage, TimeProvider clock,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        if (!ReasonCode.TryParse(request?.ReasonCode).TryGetValue(out var reason, out var error))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] });
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
        if (!await undelivered.MarkRetryRequestedAsync(message, etag, user.StaffId(), reason.Value, now, CorrelationId.Of(http), ct))
            return Problems.Conflict("Changed meanwhile", $"Message '{messageId}' changed while it was being retried; read the list again.");
        // The try itself runs on the message's own queue, as its automatic tries did: the claim decides, so two
        // retries at once (or one racing a late redelivery) still send it once.
        await storage.Queues.GetQueueClient(message.RetryQueue).SendMessageAsync(BinaryData.FromString(message.RetryBody), cancellationToken: ct);
        var retried = message with { Status = UndeliveredStatus.RetryRequested, RetriedBy = user.StaffId(), RetriedAt = now, RetryReason = reason.Value };
        return TypedResults.Accepted($"/api/shops/{setup.Shop.Id.Value}/undelivered-messages", View(retried, state));
    }

    private static UndeliveredView View(UndeliveredMessage m, string? claimState) => new(m.Id, m.AppointmentId, m.Kind, m.Label, m.Version, m.Channel,
        m.Recipient, claimState is ClaimStates.Released or ClaimStates.Sending ? "retrying" : m.Status, m.Reason, m.LastError, m.Attempts,
        m.FirstFailedAt, m.GaveUpAt, m.RetriedBy, m.RetriedAt, m.RetryReason);
}
