using System.Security.Claims;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Notifications.Consent;

/// <summary>Staff look up and change a contact's consent; every change is a ledger entry with its reason.</summary>
public static class ConsentsApi
{
    public sealed record ConsentEntryView(string Channel, bool OptIn, string Source, DateTimeOffset At, string Actor, string? ReasonCode, string? AppointmentId, string? Detail);
    public sealed record PreferencesView(IReadOnlyList<string>? PreferredChannels, string? Language, DateTimeOffset At);
    public sealed record ConsentView(string Contact, string Channel, bool? OptedIn, IReadOnlyList<ConsentEntryView> Entries, PreferencesView? Preferences);
    public sealed record ConsentChange(string? Email, string? Phone, bool? OptIn, string? ReasonCode, string? Note);

    public static IEndpointRouteBuilder MapConsents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/consents").WithTags("Notifications").RequireAuthorization(StaffPolicy.Name);
        group.MapGet("/", Get).WithName("GetConsent")
            .WithSummary("A contact's consent ledger (?email= or ?phone=): current opt-in and every change with source, time and reason");
        group.MapPost("/", Change).WithName("ChangeConsent")
            .WithSummary("Records a staff opt-in or opt-out for an email address or phone number (reason code required)");
        return app;
    }

    public static async Task<Results<Ok<ConsentView>, ValidationProblem>> Get(string? email, string? phone, ConsentLedger ledger, CancellationToken ct)
    {
        if (ReadContact(email, phone, out var contact) is { } errors) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(View(await ledger.ReadAsync(contact!, ct)));
    }

    public static async Task<Results<Ok<ConsentView>, ValidationProblem>> Change(ConsentChange body, ConsentLedger ledger, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = ReadContact(body.Email, body.Phone, out var contact) ?? [];
        if (body.OptIn is null) errors["optIn"] = ["is required: true to opt in, false to opt out."];
        if (!ReasonCode.TryParse(body.ReasonCode).TryGetValue(out var reason, out var reasonError)) errors[reasonError.Field] = [reasonError.Message];
        if (body.Note is { Length: > 500 }) errors["note"] = ["must be at most 500 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var at = clock.GetUtcNow();
        await ledger.RecordAsync(new ConsentEntry(contact!.Value, contact.Channel, body.OptIn!.Value, ConsentSource.Staff, at, "staff:" + user.StaffId(),
            reason.Value, Detail: body.Note), Guid.NewGuid().ToString("N"), ct);
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
