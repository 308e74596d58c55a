using System.Text;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Pages;
using AutoShop.Functions.Shops;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Notifications.Calendar;

/// <summary>The appointment as it is now, as an <c>.ics</c> file, for the <c>calendar_link</c> in messages.</summary>
[Tags("Self-service")]
public sealed class CalendarFunctions(ManageLinkAppointments links, IShopStore shops, Recipients recipients, NotificationContexts contexts, CalendarInvite calendar)
{
    [Function("DownloadAppointmentCalendar")]
    [EnableRateLimiting(RateLimits.Tokens)]
    [EndpointSummary("The current calendar invite (or cancellation) for a manage link, as an attachment")]
    public async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAppointmentCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calendar/{token}.ics")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var (stored, refusal) = await links.FindAsync(token, ct);
        if (refusal is not null) return refusal;
        var appointment = stored!.Appointment;
        var setup = await shops.GetAsync(appointment.ShopId, ct) ?? throw new InvalidOperationException($"Shop {appointment.ShopId} vanished.");
        var language = (await recipients.ResolveAsync(appointment.Customer, ct)).Language;
        var kind = appointment.Status == AppointmentStatus.Cancelled ? MessageKind.Cancelled : MessageKind.Confirmation;
        var invite = calendar.Create(contexts.Create(appointment, setup, kind, language), appointment.Customer.Email?.Value);

        // The URL is a credential: keep it out of caches and referrers.
        req.HttpContext.Response.Headers.CacheControl = "no-store";
        req.HttpContext.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.File(Encoding.UTF8.GetBytes(invite.Content), invite.ContentType, invite.FileName);
    }
}
