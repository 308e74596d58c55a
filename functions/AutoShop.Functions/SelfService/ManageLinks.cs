using AutoShop.Domain.Booking;
using AutoShop.Functions.Links;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.SelfService;

/// <summary>The customer's manage link: bound to the appointment id, valid until a grace period after it ends.</summary>
public sealed class ManageLinks(LinkTokens tokens, IOptions<SignedLinkOptions> options)
{
    public string Token(Appointment appointment) =>
        tokens.Issue(LinkPurpose.Manage, appointment.Id.Value, 0, appointment.End.ToDateTimeOffset() + options.Value.ManageLinkGrace);

    public string Url(Appointment appointment) => PageUrl(Token(appointment));

    public string PageUrl(string token) => new Uri(options.Value.PublicBaseUrl!, $"/api/manage/{token}").ToString();
}
