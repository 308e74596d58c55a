using System.Text;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Links;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Pages;
using AutoShop.Functions.SelfService;
using AutoShop.Functions.Shops;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Notifications.Calendar;

/// <summary>The appointment as it is now, as an <c>.ics</c> file, for the <c>calendar_link</c> in messages.</summary>
public static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/calendar/{token}.ics", Get)
            .WithName("DownloadAppointmentCalendar")
            .WithTags("Self-service")
            .WithSummary("The current calendar invite (or cancellation) for a manage link, as an attachment")
            .RequireRateLimiting(RateLimits.Tokens);
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Get(string token, LinkTokens tokens, IScheduleStore schedule, IShopStore shops,
        Recipients recipients, NotificationContexts contexts, CalendarInvite calendar, HttpContext http, CancellationToken ct)
    {
        var problem = tokens.Verify(token, LinkPurpose.Manage, out var claims);
        if (problem != LinkProblem.None) return SelfServiceApi.LinkProblem(problem);
        if (!AppointmentId.TryParse(claims.Subject).TryGetValue(out var id, out _) || await schedule.FindAsync(id, ct) is not { } stored)
            return SelfServiceApi.LinkProblem(LinkProblem.Malformed);
        var appointment = stored.Appointment;
        var setup = await shops.GetAsync(appointment.ShopId, ct) ?? throw new InvalidOperationException($"Shop {appointment.ShopId} vanished.");
        var language = (await recipients.ResolveAsync(appointment.Customer, ct)).Language;
        var kind = appointment.Status == AppointmentStatus.Cancelled ? MessageKind.Cancelled : MessageKind.Confirmation;
        var invite = calendar.Create(contexts.Create(appointment, setup, kind, language), appointment.Customer.Email?.Value);

        // The URL is a credential: keep it out of caches and referrers.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.File(Encoding.UTF8.GetBytes(invite.Content), invite.ContentType, invite.FileName);
    }
}
