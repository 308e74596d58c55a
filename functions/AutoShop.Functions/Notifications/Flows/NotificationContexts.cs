using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Email;
using AutoShop.Functions.Links;
using AutoShop.Functions.SelfService;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>Maps a stored appointment and its shop to the domain's <see cref="NotificationContext"/>, with the customer's signed links.</summary>
public sealed class NotificationContexts(
    ManageLinks manageLinks,
    IOptions<SignedLinkOptions> links,
    IOptions<NotificationOptions> options,
    IOptions<EmailOptions> email)
{
    public NotificationContext Create(Appointment appointment, ShopSetup setup, MessageKind kind, Language language, ExceptionDetails? exception = null)
    {
        var token = manageLinks.Token(appointment);
        var services = appointment.ServiceCodes.Select(code => setup.Catalog.TryGetValue(code, out var service)
            ? new ServiceLine(service.Name, PriceEstimate.Exactly(service.PriceEstimate.Amount, service.PriceEstimate.Currency).TryGetValue(out var price, out _) ? price : null)
            : new ServiceLine(code.Value)).ToList();
        var vehicle = appointment.Vehicle;
        return new NotificationContext(
            appointment.Id.Value,
            appointment.Version,
            kind,
            ShopInfo(setup),
            DateTimeZoneProviders.Tzdb[appointment.ShopZoneId],
            appointment.Start,
            appointment.End,
            services,
            new VehicleInfo(vehicle.Make, vehicle.Model, vehicle.Year, vehicle.Plate),
            FirstName(appointment.Customer.Name),
            language,
            new NotificationLinks(new Uri(manageLinks.PageUrl(token)), CalendarUrl(token)))
        {
            Exception = kind.IsAboutException() ? exception : null,
        };
    }

    /// <summary>The <c>.ics</c> link served by <see cref="Calendar.CalendarFunctions"/> for the same manage token.</summary>
    public Uri CalendarUrl(string manageToken) => new(links.Value.PublicBaseUrl!, $"/api/calendar/{manageToken}.ics");

    public ShopInfo ShopInfo(ShopSetup setup)
    {
        var shop = options.Value.Shops.GetValueOrDefault(setup.Shop.Id.Value);
        var from = MailboxAddress.TryParse(email.Value.From, out var mailbox) ? mailbox.Address : "";
        return new ShopInfo(setup.Shop.Name, shop?.Phone ?? "", shop?.Address ?? "", shop?.Email ?? from);
    }

    /// <summary>Messages greet by first name only (they can be forwarded or read over a shoulder).</summary>
    private static string FirstName(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name;
}
