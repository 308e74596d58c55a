using AutoShop.Domain;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Links;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Pages;
using NodaTime;

namespace AutoShop.Functions.SelfService;

/// <summary>
/// The customer's manage page behind their signed link. GET and HEAD only show; every change is a
/// form POST carrying the page's version and a form token bound to the link; posts from other
/// sites are refused before they get here (<see cref="CrossSiteRequests"/>).
/// </summary>
public static class ManagePages
{
    public static IEndpointRouteBuilder MapManagePages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/manage/{token}").WithTags("Self-service pages").RequireRateLimiting(RateLimits.Tokens).ExcludeFromDescription();
        group.MapMethods("/", ["GET", "HEAD"], Show).WithName("ManagePage");
        group.MapPost("/reschedule", Reschedule).WithName("ManagePageReschedule").DisableAntiforgery();
        group.MapPost("/cancel", Cancel).WithName("ManagePageCancel").DisableAntiforgery();
        group.MapPost("/exception", RequestException).WithName("ManagePageException").DisableAntiforgery();
        group.MapPost("/rebook", Rebook).WithName("ManagePageRebook").DisableAntiforgery();
        return app;
    }

    public static async Task<IResult> Show(string token, string? done, string? day, CustomerActions actions, ManagePageData data, CancellationToken ct)
    {
        var (problem, context) = await actions.ResolveAsync(token, ct);
        // A day that is not a date the shop could have (malformed, or out of range) just shows the default days.
        var shown = NodaTime.Text.LocalDatePattern.Iso.Parse(day ?? "") is { Success: true } d && RequestDates.Contains(d.Value) ? d.Value : (LocalDate?)null;
        return context is null ? LinkProblemPage(problem) : await data.RenderAsync(context, done, ct, day: shown);
    }

    public static Task<IResult> Reschedule(string token, HttpContext http, CustomerActions actions, ManagePageData data, CancellationToken ct) =>
        Post(token, http, actions, data, async (context, form, version, correlation) =>
            ReadStart(form, context) is { } start
                ? await actions.RescheduleAsync(context, start, version, correlation, ct)
                : new CustomerInvalid("start", "Pick a new time."), ct);

    public static Task<IResult> Cancel(string token, HttpContext http, CustomerActions actions, ManagePageData data, CancellationToken ct) =>
        Post(token, http, actions, data, (context, form, version, correlation) =>
            actions.CancelAsync(context, form["reasonCode"].ToString(), version, correlation, ct), ct);

    public static Task<IResult> RequestException(string token, HttpContext http, CustomerActions actions, ManagePageData data, CancellationToken ct) =>
        Post(token, http, actions, data, async (context, form, version, correlation) =>
        {
            var cancel = form["action"] == "cancel";
            var start = cancel ? null : ReadStart(form, context);
            if (!cancel && start is null) return new CustomerInvalid("start", "Pick the time you would like.");
            var reason = cancel && ReasonCode.TryParse(form["reasonCode"].ToString()).TryGetValue(out var code, out _) ? code : (ReasonCode?)null;
            var change = new RequestedChange(cancel ? RequestedAction.Cancel : RequestedAction.Reschedule, start, reason);
            return await actions.RequestExceptionAsync(context, change, form["reason"].ToString(), version, correlation, ct);
        }, ct);

    public static Task<IResult> Rebook(string token, HttpContext http, CustomerActions actions, ManagePageData data, CancellationToken ct) =>
        Post(token, http, actions, data, async (context, form, version, correlation) =>
            ReadStart(form, context) is { } start
                ? await data.RebookAsync(context, start, correlation, ct)
                : new CustomerInvalid("start", "Pick a time."), ct);

    private static async Task<IResult> Post(string token, HttpContext http, CustomerActions actions, ManagePageData data,
        Func<ManageContext, IFormCollection, int, string, Task<CustomerOutcome>> act, CancellationToken ct)
    {
        var (problem, context) = await actions.ResolveAsync(token, ct);
        if (context is null) return LinkProblemPage(problem);
        if (!http.Request.HasFormContentType) return PageLayout.Message("Something went wrong", "Please use the buttons on the page.", "error", 415);
        var form = await RequestForms.ReadAsync(http.Request, ct);
        if (!int.TryParse(form["version"], out var version) || !data.IsValidFormToken(token, version, form["formToken"]))
            return PageLayout.Message("Please try again", "This form has expired or did not come from our page. Reload the page and try again.", "error", 403);
        return await act(context, form, version, CorrelationId.Of(http)) switch
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

    public static IResult LinkProblemPage(LinkProblem problem) => problem == LinkProblem.Expired
        ? PageLayout.Message("This link has expired", "For your security, links stop working some time after the appointment. Please contact the shop.", "error", 410)
        : PageLayout.Message("This link is not valid", "Please use the link from your most recent message, or contact the shop.", "error", 403);
}
