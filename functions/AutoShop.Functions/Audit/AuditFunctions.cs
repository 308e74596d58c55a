using System.Buffers.Text;
using System.Text;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using static AutoShop.Functions.Operability.ValidationProblems;

namespace AutoShop.Functions.Audit;

/// <summary>Staff reads of the audit ledger: queries and chain verification. There is no function that changes a record.</summary>
[Tags("Audit")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class AuditFunctions(IShopStore shops, TableAuditLedger ledger)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    [Function("VerifyAuditChain")]
    [EndpointSummary("Verifies a shop's hash-chained audit ledger and names the first broken link")]
    [EndpointDescription("Checks the links chained on the shop-local days `from`..`to` (both or neither; neither checks the whole ledger): every link's hash must equal SHA-256(previous link's stored hash ‖ its canonical fields), and sequence numbers must have no gaps. `firstBrokenLink` names the first link that fails — `hash-mismatch` (a field or hash was edited; expected vs stored hash) or `missing` (a link was removed). Reads only.")]
    [QueryParameter("from", typeof(DateOnly), Description = "First shop-local day (ISO date) whose links to check; give `to` as well.")]
    [QueryParameter("to", typeof(DateOnly), Description = "Last shop-local day (ISO date) whose links to check, inclusive.")]
    public async Task<Results<Ok<AuditVerificationDto>, ProblemHttpResult, ValidationProblem>> VerifyAuditChain(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/audit/verify")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        var (from, to) = (req.QueryText("from"), req.QueryText("to"));
        var setup = await ShopLookup.FindAsync(shopId, shops, ct);
        if (setup is null) return ShopLookup.NotFound(shopId);
        ReportingPeriod? period = null;
        if (from is not null || to is not null)
        {
            if (!ReportingPeriod.TryParse(from, to, setup.Shop.Zone).TryGetValue(out period, out var error))
                return Invalid(error.Field, error.Message);
        }
        var result = await ledger.VerifyAsync(setup.Shop.Id, period?.Start, period?.End, ct);
        return TypedResults.Ok(new AuditVerificationDto(setup.Shop.Id.Value, from, to, result.FirstBreak is null, result.LinksChecked,
            result.FirstSequence, result.LastSequence, result.HeadSequence, result.FirstBreak is { } b ? BrokenLinkDto.From(b) : null));
    }

    [Function("QueryAuditRecords")]
    [EndpointSummary("Audit records by appointment, shop and date range, actor or action, a page at a time")]
    [EndpointDescription("Give at least one of `appointmentId`, `shopId`, `actor` (`kind:id` or just the id), `action`; all given must hold. `from`/`to` (shop-local dates, with `shopId`) filter on the record's time. `limit` 1–1000 (default 100). Pass `continuation` from a page to get the next; a page may be short or empty while `continuation` is still set.")]
    [QueryParameter("appointmentId", typeof(string))]
    [QueryParameter("shopId", typeof(string))]
    [QueryParameter("from", typeof(DateOnly))]
    [QueryParameter("to", typeof(DateOnly))]
    [QueryParameter("actor", typeof(string))]
    [QueryParameter("action", typeof(string))]
    [QueryParameter("limit", typeof(int))]
    [QueryParameter("continuation", typeof(string))]
    public async Task<Results<Ok<AuditPageDto>, ProblemHttpResult, ValidationProblem>> QueryAuditRecords(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var limit = req.QueryInt32("limit");
        if (new[] { "appointmentId", "shopId", "actor", "action" }.All(name => req.QueryText(name) is null))
            return Invalid("query", "give at least one of appointmentId, shopId, actor or action.");
        if (limit is < 1 or > MaxPageSize) return Invalid("limit", $"must be between 1 and {MaxPageSize}.");
        if (DecodeContinuation(req.QueryText("continuation"), out var token) is false) return Invalid("continuation", "is not a token this API returned.");
        var (query, refusal) = await ReadQueryAsync(req, ct);
        if (refusal is not null) return refusal;
        var page = await ledger.QueryAsync(query!, token, limit ?? DefaultPageSize, ct);
        return TypedResults.Ok(new AuditPageDto([.. page.Links.Select(AuditRecordDto.From)], EncodeContinuation(page.Continuation)));
    }

    /// <summary>The filters of <see cref="QueryAuditRecords"/>, or the answer that refuses them.</summary>
    private async Task<(AuditQuery? Query, Results<Ok<AuditPageDto>, ProblemHttpResult, ValidationProblem>? Refusal)> ReadQueryAsync(HttpRequest req, CancellationToken ct)
    {
        var (appointmentId, shopId, from, to) = (req.QueryText("appointmentId"), req.QueryText("shopId"), req.QueryText("from"), req.QueryText("to"));
        var (actor, action) = (req.QueryText("actor"), req.QueryText("action"));
        AppointmentId? appointment = null;
        ShopId? shop = null;
        if (appointmentId is not null)
        {
            if (!AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out var error)) return (null, Invalid(error.Field, error.Message));
            appointment = id;
            shop = AppointmentLocator.Locate(id)?.Shop; // the appointment's shop is its ledger partition
        }
        (NodaTime.Instant From, NodaTime.Instant To)? window = null;
        if (shopId is not null)
        {
            var setup = await ShopLookup.FindAsync(shopId, shops, ct);
            if (setup is null) return (null, ShopLookup.NotFound(shopId));
            if (shop is { } s && s != setup.Shop.Id) return (null, Invalid("shopId", "is not the shop of appointmentId."));
            shop = setup.Shop.Id;
            if (from is not null || to is not null)
            {
                if (!ReportingPeriod.TryParse(from, to, setup.Shop.Zone).TryGetValue(out var period, out var error)) return (null, Invalid(error.Field, error.Message));
                window = (period.Start, period.End);
            }
        }
        else if (from is not null || to is not null)
        {
            return (null, Invalid("from", "needs shopId: the days are the shop's local days."));
        }
        if (!ParseActor(actor, out var actorKind, out var actorId)) return (null, Invalid("actor", "must be kind:id (customer, staff, system, approval) or an id."));
        AuditAction? auditAction = null;
        if (action is not null)
        {
            if (!AuditAction.TryParse(action).TryGetValue(out var parsed, out var error)) return (null, Invalid(error.Field, error.Message));
            auditAction = parsed;
        }
        return (new AuditQuery(shop, appointment, actorKind, actorId, auditAction, window?.From, window?.To), null);
    }

    private static bool ParseActor(string? actor, out ActorKind? kind, out string? id)
    {
        (kind, id) = (null, null);
        if (string.IsNullOrWhiteSpace(actor)) return actor is null;
        var colon = actor.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            id = actor.Trim();
            return true;
        }
        if (!Enum.TryParse<ActorKind>(actor[..colon], ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || colon == actor.Length - 1) return false;
        (kind, id) = (parsed, actor[(colon + 1)..].Trim());
        return true;
    }

    private static string? EncodeContinuation(string? token) =>
        token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    private static bool? DecodeContinuation(string? text, out string? token)
    {
        token = null;
        if (string.IsNullOrEmpty(text)) return null;
        if (!Base64Url.IsValid(text)) return false;
        token = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        return true;
    }
}
