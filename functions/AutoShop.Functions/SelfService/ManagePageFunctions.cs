using AutoShop.Domain;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Pages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using NodaTime;

namespace AutoShop.Functions.SelfService;

/// <summary>
/// The customer's manage page behind their signed link. GET and HEAD only show; every change is a
/// form POST carrying the page's version and a form token bound to the link; posts from other
/// sites are refused before they get here (<see cref="CrossSiteRequests"/>).
/// </summary>
[Tags("Self-service pages")]
[EnableRateLimiting(RateLimits.Tokens)]
public sealed class ManagePageFunctions(CustomerActions actions, ManagePageData data)
{
    [Function("ManagePage")]
    [ExcludeFromDescription]
    [QueryParameter("done", typeof(string), Description = "What was just done, to confirm on the page (rescheduled, cancelled, requested, rebooked, uploaded).")]
    [QueryParameter("day", typeof(DateOnly), Description = "The shop-local day whose free times to offer; any other value shows the default day.")]
    public async Task<IResult> ManagePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/manage/{token}")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var (problem, context) = await actions.ResolveAsync(token, ct);
        // A day that is not a date the shop could have (malformed, or out of range) just shows the default days.
        var shown = NodaTime.Text.LocalDatePattern.Iso.Parse(req.QueryText("day") ?? "") is { Success: true } d && RequestDates.Contains(d.Value) ? d.Value : (LocalDate?)null;
        return context is null ? LinkRefusals.Page(problem) : await data.RenderAsync(context, req.QueryText("done"), ct, day: shown);
    }

    [Function("ManagePageReschedule")]
    [ExcludeFromDescription]
    public Task<IResult> ManagePageReschedule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/manage/{token}/reschedule")] HttpRequest req, string token) =>
        PostAsync(req, token, async (context, form, version, correlation, ct) =>
            ReadStart(form, context) is { } start
                ? await actions.RescheduleAsync(context, start, version, correlation, ct)
                : new CustomerInvalid("start", "Pick a new time."));

    [Function("ManagePageCancel")]
    [ExcludeFromDescription]
    public Task<IResult> ManagePageCancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/manage/{token}/cancel")] HttpRequest req, string token) =>
        PostAsync(req, token, (context, form, version, correlation, ct) =>
            actions.CancelAsync(context, form["reasonCode"].ToString(), version, correlation, ct));

    [Function("ManagePageException")]
    [ExcludeFromDescription]
    public Task<IResult> ManagePageException(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/manage/{token}/exception")] HttpRequest req, string token) =>
        PostAsync(req, token, async (context, form, version, correlation, ct) =>
        {
            var cancel = form["action"] == "cancel";
            var start = cancel ? null : ReadStart(form, context);
            if (!cancel && start is null) return new CustomerInvalid("start", "Pick the time you would like.");
            var reason = cancel && ReasonCode.TryParse(form["reasonCode"].ToString()).TryGetValue(out var code, out _) ? code : (ReasonCode?)null;
            var change = new RequestedChange(cancel ? RequestedAction.Cancel : RequestedAction.Reschedule, start, reason);
            return await actions.RequestExceptionAsync(context, change, form["reason"].ToString(), version, correlation, ct);
        });

    [Function("ManagePageRebook")]
    [ExcludeFromDescription]
    public Task<IResult> ManagePageRebook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/manage/{token}/rebook")] HttpRequest req, string token) =>
        PostAsync(req, token, async (context, form, version, correlation, ct) =>
            ReadStart(form, context) is { } start
                ? await data.RebookAsync(context, start, correlation, ct)
                : new CustomerInvalid("start", "Pick a time."));

    private async Task<IResult> PostAsync(HttpRequest req, string token,
        Func<ManageContext, IFormCollection, int, string, CancellationToken, Task<CustomerOutcome>> act)
    {
        var ct = req.HttpContext.RequestAborted;
        var (problem, context) = await actions.ResolveAsync(token, ct);
        if (context is null) return LinkRefusals.Page(problem);
        if (!req.HasFormContentType) return PageLayout.Message("Something went wrong", "Please use the buttons on the page.", "error", 415);
        var form = await RequestForms.ReadAsync(req, ct);
        if (!int.TryParse(form["version"], out var version) || !data.IsValidFormToken(token, version, form["formToken"]))
            return PageLayout.Message("Please try again", "This form has expired or did not come from our page. Reload the page and try again.", "error", 403);
        return await act(context, form, version, CorrelationId.Of(req.HttpContext), ct) switch
        {
            CustomerDone done => PageLayout.SeeOther($"/api/manage/{data.TokenFor(done.Appointment, token)}?done={done.What}"),
            CustomerRequested => PageLayout.SeeOther($"/api/manage/{token}?done=requested"),
            CustomerAlreadyRequested => await data.RenderAsync(context, null, ct, "You have already asked the shop for an exception; please wait for their answer.", 409),
            CustomerStale => await data.RenderAsync(context, null, ct, "This appointment changed since you opened the page. Here is how it stands now.", 409),
            CustomerOutsidePolicy => await data.RenderAsync(context, null, ct, "That change is no longer possible online; you can ask the shop for an exception below.", 409),
            CustomerMoveFailed => await data.RenderAsync(context, null, ct, "Sorry, that time was just taken. Please pick another.", 409),
            CustomerInvalid invalid => await data.RenderAsync(context, null, ct, invalid.Message, 422),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}"),
        };
    }

    private static LocalDateTime? ReadStart(IFormCollection form, ManageContext context)
    {
        var errors = new Dictionary<string, string[]>();
        return form["start"].ToString() is { Length: > 0 } text ? BookingRequestReader.ReadStart(text, context.Setup.Shop.Zone, errors) : null;
    }
}
