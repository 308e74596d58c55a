using System.Buffers.Text;
using System.Text;
using Azure;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Staff;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using static AutoShop.Functions.Operability.ValidationProblems;

namespace AutoShop.Functions.Operations;

/// <summary>
/// Staff see every message that ended in a poison queue, a page at a time, and put messages back on
/// their queue once the cause is fixed. The pages come from the poison index
/// (<see cref="CollectPoisonMessages"/> explains why not from the queues themselves).
/// </summary>
[Tags("Operations")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class PoisonMessageFunctions(PoisonQueues queues, TablePoisonMessages index, PoisonReplays replays, StorageClients storage)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Bounds one replay-all call, so it answers in reasonable time; <c>more</c> says to call again.</summary>
    public const int MaxReplaysPerCall = 500;

    [Function("ListPoisonMessages")]
    [EndpointSummary("Every message that failed every delivery, oldest first per queue, a page at a time")]
    [EndpointDescription("`queue` (optional) limits the list to one queue the app reads. `limit` 1–500 (default 50). Pass `continuation` from a page to get the next; a page may be short while `continuation` is still set. `body` is the message exactly as stored; `decodedText` is what its consumer reads (base64 of UTF-8), or `decodeProblem` says why there is none. Messages reach this list within a minute of being poisoned; the first page's `waitingToBeCollected` counts the ones on their way.")]
    [QueryParameter("queue", typeof(string))]
    [QueryParameter("limit", typeof(int))]
    [QueryParameter("continuation", typeof(string))]
    public async Task<Results<Ok<PoisonMessagesPageDto>, ProblemHttpResult, ValidationProblem>> ListPoisonMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ops/poison-messages")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var limit = req.QueryInt32("limit");
        var queue = req.QueryText("queue");
        if (queue is not null && !queues.IsKnown(queue)) return UnknownQueue(queue);
        if (limit is < 1 or > MaxPageSize) return Invalid("limit", $"must be between 1 and {MaxPageSize}.");
        if (DecodeContinuation(req.QueryText("continuation"), out var token) is false) return Invalid("continuation", "is not a token this API returned.");
        PoisonPage page;
        try
        {
            page = await index.PageAsync(queue, token, limit ?? DefaultPageSize, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && token is not null)
        {
            return Invalid("continuation", "is not a token this API returned.");
        }
        var waiting = token is null ? await WaitingAsync(queue is null ? queues.Sources : [queue], ct) : null;
        return TypedResults.Ok(new PoisonMessagesPageDto([.. page.Messages.Select(PoisonMessageDto.From)], EncodeContinuation(page.Continuation), waiting));
    }

    [Function("ReplayPoisonMessage")]
    [EndpointSummary("Puts one poisoned message back on its queue (reason code required; audited; safe to repeat)")]
    [EndpointDescription("Enqueues base64 of the original payload (the body's decoded bytes, or the body itself when someone put it on the queue unencoded), records a `message-replayed` audit record with the staff member and reason code, and removes the message from the list. Calling it again answers `alreadyReplayed: true` and enqueues nothing.")]
    [JsonBody(typeof(ReplayRequest), Optional = true)]
    public async Task<Results<Ok<ReplayDto>, ProblemHttpResult, ValidationProblem>> ReplayPoisonMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/ops/poison-messages/{queue}/{id}/replay")] HttpRequest req, string queue, string id)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadOptionalJsonAsync<ReplayRequest>(ct);
        if (!queues.IsKnown(queue)) return UnknownQueue(queue);
        if (!ReasonCode.TryParse(request?.ReasonCode).TryGetValue(out var reason, out var error)) return Invalid(error.Field, error.Message);
        var outcome = await replays.ReplayAsync(queue, id, StaffOf(req), reason, CorrelationId.Of(req.HttpContext), ct);
        return outcome is null
            ? Problems.NotFound("Poison message not found", $"Queue '{queue}' has no poisoned message '{id}'.")
            : TypedResults.Ok(ReplayDto.From(outcome));
    }

    [Function("ReplayPoisonQueue")]
    [EndpointSummary("Puts every poisoned message of one queue back on it (at most 500 per call; reason code required; audited)")]
    [EndpointDescription("Each message is replayed and audited as by the single replay. `more: true` means messages are left: call again.")]
    [JsonBody(typeof(ReplayRequest), Optional = true)]
    public async Task<Results<Ok<ReplayAllDto>, ProblemHttpResult, ValidationProblem>> ReplayPoisonQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/ops/poison-messages/{queue}/replay")] HttpRequest req, string queue)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadOptionalJsonAsync<ReplayRequest>(ct);
        if (!queues.IsKnown(queue)) return UnknownQueue(queue);
        if (!ReasonCode.TryParse(request?.ReasonCode).TryGetValue(out var reason, out var error)) return Invalid(error.Field, error.Message);
        var outcome = await replays.ReplayAllAsync(queue, StaffOf(req), reason, CorrelationId.Of(req.HttpContext), MaxReplaysPerCall, ct);
        return TypedResults.Ok(ReplayAllDto.From(outcome));
    }

    private static Actor StaffOf(HttpRequest req) => Actor.Staff(req.HttpContext.User.StaffId());

    private async Task<IReadOnlyDictionary<string, int>> WaitingAsync(IEnumerable<string> sources, CancellationToken ct)
    {
        var counts = await Task.WhenAll(sources.Select(async q => (Queue: q, Count: await WaitingAsync(q, ct))));
        return counts.Where(c => c.Count > 0).ToDictionary(c => c.Queue, c => c.Count);
    }

    private async Task<int> WaitingAsync(string queue, CancellationToken ct)
    {
        try
        {
            return (await storage.RawQueues.GetQueueClient(PoisonQueues.PoisonOf(queue)).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0; // not provisioned yet, so nothing has been poisoned there
        }
    }

    private ProblemHttpResult UnknownQueue(string queue) =>
        Problems.NotFound("Unknown queue", $"The app reads no queue '{queue}'; it reads {string.Join(", ", queues.Sources)}.");

    /// <summary>Storage's token ("next partition key, space, next row key") behind a marker, so a token of ours is told from any other string.</summary>
    private const string TokenMarker = "poison-page|";

    private static string? EncodeContinuation(string? token) =>
        token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TokenMarker + token));

    private static bool? DecodeContinuation(string? text, out string? token)
    {
        token = null;
        if (string.IsNullOrEmpty(text)) return null;
        if (!Base64Url.IsValid(text)) return false;
        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        if (!decoded.StartsWith(TokenMarker, StringComparison.Ordinal) || !decoded.Contains(' ', StringComparison.Ordinal)) return false;
        token = decoded[TokenMarker.Length..];
        return true;
    }
}
