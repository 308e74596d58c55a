using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Links;
using AutoShop.Functions.Pages;
using AutoShop.Functions.SelfService;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Notifications.Consent;

/// <summary>The customer changes how we reach them through their manage link; opt-ins and opt-outs go into the consent ledger.</summary>
public static class PreferencesApi
{
    public sealed record PreferencesBody(bool? EmailOptIn, bool? SmsOptIn, IReadOnlyList<string>? PreferredChannels, string? Language);
    public sealed record PreferencesResult(bool EmailOptIn, bool SmsOptIn, IReadOnlyList<string> PreferredChannels, string Language);

    public static IEndpointRouteBuilder MapPreferences(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/self-service/{token}/preferences", Set)
            .WithName("SelfServiceSetPreferences")
            .WithTags("Self-service")
            .WithSummary("The customer's email/SMS opt-in, preferred channels (email, sms) and language (en, es), through their manage link")
            .RequireRateLimiting(RateLimits.Tokens);
        return app;
    }

    public static async Task<Results<Ok<PreferencesResult>, ProblemHttpResult, ValidationProblem>> Set(string token, PreferencesBody body, LinkTokens tokens,
        IScheduleStore schedule, ConsentLedger ledger, Recipients recipients, TimeProvider clock, CancellationToken ct)
    {
        var problem = tokens.Verify(token, LinkPurpose.Manage, out var claims);
        if (problem != LinkProblem.None) return SelfServiceApi.LinkProblem(problem);
        if (!AppointmentId.TryParse(claims.Subject).TryGetValue(out var id, out _) || await schedule.FindAsync(id, ct) is not { } stored)
            return SelfServiceApi.LinkProblem(LinkProblem.Malformed);
        var customer = stored.Appointment.Customer;

        var errors = new Dictionary<string, string[]>();
        if (body.EmailOptIn == true && customer.Email is null) errors["emailOptIn"] = ["needs an email address on the booking."];
        if (body.SmsOptIn == true && customer.Phone is null) errors["smsOptIn"] = ["needs a phone number on the booking."];
        var preferred = new List<Channel>();
        foreach (var code in body.PreferredChannels ?? [])
        {
            if (Channels.TryParse(code, out var channel)) preferred.Add(channel);
            else errors["preferredChannels"] = ["may only contain 'email' and 'sms'."];
        }
        var language = body.Language switch
        {
            null => null,
            "en" => Language.En,
            "es" => Language.Es,
            _ => (Language?)null,
        };
        if (body.Language is not null && language is null) errors["language"] = ["must be 'en' or 'es'."];
        var current = await recipients.ResolveAsync(customer, ct);
        var emailOptIn = body.EmailOptIn ?? current.EmailOptIn;
        var smsOptIn = body.SmsOptIn ?? current.SmsOptIn;
        if (preferred.Contains(Channel.Email) && !emailOptIn) errors["preferredChannels"] = ["cannot prefer email without opting in to email."];
        if (preferred.Contains(Channel.Sms) && !smsOptIn) errors["preferredChannels"] = ["cannot prefer SMS without opting in to SMS."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var at = clock.GetUtcNow();
        var actor = "customer:" + stored.Appointment.Id.Value;
        var entryId = "link-" + LinkTokens.Fingerprint(token) + "-" + at.UtcTicks;
        if (body.EmailOptIn is { } e && customer.Email is { } email)
            await ledger.RecordAsync(new ConsentEntry(ContactKey.ForEmail(email).Value, Channel.Email, e, ConsentSource.CustomerLink, at, actor,
                AppointmentId: stored.Appointment.Id.Value), entryId, ct);
        if (body.SmsOptIn is { } s && customer.Phone is { } phone)
            await ledger.RecordAsync(new ConsentEntry(ContactKey.ForPhone(phone).Value, Channel.Sms, s, ConsentSource.CustomerLink, at, actor,
                AppointmentId: stored.Appointment.Id.Value), entryId, ct);
        if (body.PreferredChannels is not null || language is not null)
        {
            var choice = new ContactPreferenceChoice(body.PreferredChannels is null ? null : preferred.Distinct().ToList(), language, at);
            foreach (var contact in new[] { customer.Email is { } m ? ContactKey.ForEmail(m) : null, customer.Phone is { } p ? ContactKey.ForPhone(p) : null }.OfType<ContactKey>())
                await ledger.SavePreferencesAsync(contact, await MergeAsync(ledger, contact, choice, ct), ct);
        }

        var now = await recipients.ResolveAsync(customer, ct);
        return TypedResults.Ok(new PreferencesResult(now.EmailOptIn, now.SmsOptIn, [.. now.PreferredChannels.Select(c => c.Code())], now.Language.Code));
    }

    /// <summary>A change of language alone keeps the channel preference, and the other way round.</summary>
    private static async Task<ContactPreferenceChoice> MergeAsync(ConsentLedger ledger, ContactKey contact, ContactPreferenceChoice choice, CancellationToken ct)
    {
        var existing = (await ledger.ReadAsync(contact, ct)).Preferences;
        return choice with
        {
            PreferredChannels = choice.PreferredChannels ?? existing?.PreferredChannels,
            Language = choice.Language ?? existing?.Language,
        };
    }
}
