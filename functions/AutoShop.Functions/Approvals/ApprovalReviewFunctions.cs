using System.Text;
using AutoShop.Domain;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Links;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Pages;
using AutoShop.Functions.SelfService;
using AutoShop.Functions.Shops;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using NodaTime.Text;
using static AutoShop.Functions.Pages.PageLayout;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// The approver's confirmation page, opened from the email or the Teams card. The GET (which link
/// scanners and chat previews fetch) only shows; the form POST decides, and only the first decision counts.
/// </summary>
[EnableRateLimiting(RateLimits.Tokens)]
public sealed class ApprovalReviewFunctions(ApproverLinks links, ApprovalStore store, ApprovalService approvals,
    IScheduleStore schedule, IShopStore shops, LinkTokens tokens)
{
    private static readonly LocalDateTimePattern SlotValue = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    [Function("ApprovalReviewPage")]
    [ExcludeFromDescription]
    [QueryParameter("decision", typeof(string), Description = "approve or deny: the choice the page opens with.")]
    public async Task<IResult> ApprovalReviewPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/approvals/review/{token}")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var (problem, requestId, _) = links.Read(token);
        if (problem != LinkProblem.None) return ManagePages.LinkProblemPage(problem);
        var request = await store.FindAsync(requestId, ct);
        if (request is null) return ManagePages.LinkProblemPage(LinkProblem.Malformed);
        return await RenderAsync(token, request, req.QueryText("decision"), null, null, ct);
    }

    [Function("ApprovalReviewDecide")]
    [ExcludeFromDescription]
    public async Task<IResult> ApprovalReviewDecide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/approvals/review/{token}")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var (problem, requestId, approver) = links.Read(token);
        if (problem != LinkProblem.None) return ManagePages.LinkProblemPage(problem);
        var request = await store.FindAsync(requestId, ct);
        if (request is null) return ManagePages.LinkProblemPage(LinkProblem.Malformed);
        if (!req.HasFormContentType) return Message("Something went wrong", "Please use the buttons on the page.", "error", 415);
        var form = await RequestForms.ReadAsync(req, ct);
        if (!tokens.IsValidFormToken(token, 0, form["formToken"]))
            return Message("Please try again", "This form did not come from our page. Reload it and try again.", "error", 403);
        var approve = form["decision"] == "approve";
        if (!approve && form["decision"] != "deny") return await RenderAsync(token, request, null, "Choose approve or deny.", null, ct, 422);
        if (!ReasonCode.TryParse(form["reasonCode"].ToString()).TryGetValue(out var reason, out _))
            return await RenderAsync(token, request, form["decision"], "Choose a reason.", null, ct, 422);
        var chosen = form["start"].ToString() is { Length: > 0 } s && SlotValue.Parse(s) is { Success: true } parsed && RequestDates.Contains(parsed.Value)
            ? parsed.Value : (NodaTime.LocalDateTime?)null;
        var outcome = await approvals.DecideAsync(request, approve, Actor.Staff(approver), reason, form["note"].ToString(), chosen, CorrelationId.Of(req.HttpContext), ct);
        return outcome switch
        {
            DecisionRecorded r => await RenderAsync(token, r.Request, null, null, null, ct),
            AlreadyDecided d => await RenderAsync(token, d.Request, null, "Someone else decided first.", null, ct, 409),
            SlotGone g => await RenderAsync(token, g.Request, "approve", "That time is no longer free. Pick another time to approve, or deny.",
                g.Why is MoveSlotTaken taken ? taken.Alternatives : [], ct, 409),
            _ => throw new InvalidOperationException($"Unexpected decision outcome {outcome}"),
        };
    }

    private async Task<IResult> RenderAsync(string token, ApprovalRequest request, string? decision, string? error,
        IReadOnlyList<AvailabilityOffer>? alternatives, CancellationToken ct, int status = 200)
    {
        var appointment = (await schedule.FindAsync(request.AppointmentId, ct))?.Appointment;
        var setup = await shops.GetAsync(request.ShopId, ct);
        var zone = setup!.Shop.Zone;
        var html = new StringBuilder();
        if (error is not null) html.Append($"""<div class="card error" role="alert"><p>{E(error)}</p></div>""");
        html.Append($"""
            <div class="card"><dl>
            <dt>Customer</dt><dd>{E(appointment?.Customer.Name)}</dd>
            <dt>Appointment</dt><dd>{E(appointment is null ? "" : ManageView.When(appointment.Start, zone))}</dd>
            <dt>Asks to</dt><dd>{E(request.Change.Action == RequestedAction.Cancel ? $"cancel ({request.Change.CancelReason})" : $"move to {request.Change.NewStart:uuuu-MM-dd HH:mm}")}</dd>
            <dt>Reason</dt><dd>{E(request.CustomerReason)}</dd>
            <dt>Status</dt><dd>{E(request.Status.ToString())}</dd>
            </dl></div>
            """);
        if (request.Decision is { } d)
        {
            html.Append($"""<div class="card notice" role="status"><p>{E($"{d.Outcome} by {d.By.Id} on {ManageView.When(d.At, zone)}.")}</p></div>""");
            return Render("Exception request", html.ToString(), status);
        }
        var slots = alternatives is { Count: > 0 }
            ? $"""<fieldset><legend>Approve for another time</legend>{string.Concat(alternatives.Select((o, i) => $"""<label class="slot" for="alt-{i}"><input type="radio" id="alt-{i}" name="start" value="{E(SlotValue.Format(o.LocalStart.LocalDateTime))}"> {E(ManageView.When(o.Start, zone))}</label>"""))}</fieldset>"""
            : "";
        html.Append($"""
            <form class="card" method="post" action="/api/approvals/review/{E(token)}">
            <input type="hidden" name="formToken" value="{E(tokens.FormToken(token, 0))}">
            <fieldset><legend>Decision</legend>
            <label class="slot" for="approve"><input type="radio" id="approve" name="decision" value="approve"{(decision == "approve" ? " checked" : "")} required> Approve</label>
            <label class="slot" for="deny"><input type="radio" id="deny" name="decision" value="deny"{(decision == "deny" ? " checked" : "")}> Deny</label>
            </fieldset>
            {slots}
            <label for="reasonCode">Reason</label><select id="reasonCode" name="reasonCode">
            {string.Concat(ReasonCode.Vocabulary.Keys.Order().Select(c => $"""<option value="{E(c)}"{(c == "policy-exception" ? " selected" : "")}>{E(c)}</option>"""))}
            </select>
            <label for="note">Note to the customer (optional)</label><textarea id="note" name="note" rows="2" maxlength="1000"></textarea>
            <button type="submit">Confirm decision</button>
            </form>
            """);
        return Render("Exception request", html.ToString(), status);
    }
}
