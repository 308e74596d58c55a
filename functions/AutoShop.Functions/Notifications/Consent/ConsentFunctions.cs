using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Notifications.Consent;

/// <summary>Staff look up and change a contact's consent; every change is a ledger entry with its reason.</summary>
[Tags("Notifications")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class ConsentFunctions(ConsentLedger ledger, TimeProvider clock)
{
    public sealed record ConsentEntryView(string Channel, bool OptIn, string Source, DateTimeOffset At, string Actor, string? ReasonCode, string? AppointmentId, string? Detail);
    public sealed record PreferencesView(IReadOnlyList<string>? PreferredChannels, string? Language, DateTimeOffset At);
    public sealed record ConsentView(string Contact, string Channel, bool? OptedIn, IReadOnlyList<ConsentEntryView> Entries, PreferencesView? Preferences);
    public sealed record ConsentChange(string? Email, string? Phone, bool? OptIn, string? ReasonCode, string? Note);

    [Function("GetConsent")]
    [EndpointSummary("A contact's consent ledger (?email= or ?phone=): current opt-in and every change with source, time and reason")]
    [QueryParameter("email", typeof(string), Description = "The contact's email address (give this or phone).")]
    [QueryParameter("phone", typeof(string), Description = "The contact's phone number in E.164, e.g. +12125550123 (give this or email).")]
    public async Task<Results<Ok<ConsentView>, ValidationProblem>> GetConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/consents")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        if (ReadContact(req.QueryText("email"), req.QueryText("phone"), out var contact) is { } errors) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(View(await ledger.ReadAsync(contact!, ct)));
    }

    [Function("ChangeConsent")]
    [EndpointSummary("Records a staff opt-in or opt-out for an email address or phone number (reason code required)")]
    [JsonBody(typeof(ConsentChange))]
    public async Task<Results<Ok<ConsentView>, ValidationProblem>> ChangeConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/consents")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<ConsentChange>(ct);
        var errors = ReadContact(body.Email, body.Phone, out var contact) ?? [];
        if (body.OptIn is null) errors["optIn"] = ["is required: true to opt in, false to opt out."];
        if (!ReasonCode.TryParse(body.ReasonCode).TryGetValue(out var reason, out var reasonError)) errors[reasonError.Field] = [reasonError.Message];
        if (body.Note is { Length: > 500 }) errors["note"] = ["must be at most 500 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var at = clock.GetUtcNow();
        await ledger.RecordAsync(new ConsentEntry(contact!.Value, contact.Channel, body.OptIn!.Value, ConsentSource.Staff, at,
            "staff:" + req.HttpContext.User.StaffId(), reason.Value, Detail: body.Note), Guid.NewGuid().ToString("N"), ct);
        return TypedResults.Ok(View(await ledger.ReadAsync(contact, ct)));
    }

    public static ConsentView View(ContactConsent consent) => new(
        consent.Contact.Address,
        consent.Contact.Channel.Code(),
        consent.Current(consent.Contact.Channel),
        [.. consent.Entries.OrderBy(e => e.At).ThenBy(e => ConsentSource.Precedence(e.Source))
            .Select(e => new ConsentEntryView(e.Channel.Code(), e.OptIn, e.Source, e.At, e.Actor, e.ReasonCode, e.AppointmentId, e.Detail))],
        consent.Preferences is { } p ? new PreferencesView(p.PreferredChannels?.Select(c => c.Code()).ToList(), p.Language?.Code, p.At) : null);

    private static Dictionary<string, string[]>? ReadContact(string? email, string? phone, out ContactKey? contact)
    {
        contact = null;
        if (string.IsNullOrWhiteSpace(email) == string.IsNullOrWhiteSpace(phone))
            return new() { ["email"] = ["give exactly one of email or phone."] };
        if (!string.IsNullOrWhiteSpace(email))
            return ContactKey.TryEmail(email, out contact) ? null : new() { ["email"] = ["is not an email address we can send to."] };
        return ContactKey.TryPhone(phone, out contact) ? null : new() { ["phone"] = ["is not a valid phone number (use E.164, e.g. +12125550123)."] };
    }
}
