using AutoShop.Domain.Notifications;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Links;
using AutoShop.Functions.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Notifications.Consent;

/// <summary>The customer changes how we reach them through their manage link; opt-ins and opt-outs go into the consent ledger.</summary>
[Tags("Self-service")]
public sealed class PreferenceFunctions(ManageLinkAppointments links, CustomerPreferences preferences)
{
    public sealed record PreferencesResult(bool EmailOptIn, bool SmsOptIn, IReadOnlyList<string> PreferredChannels, string Language);

    [Function("SelfServiceSetPreferences")]
    [EnableRateLimiting(RateLimits.Tokens)]
    [EndpointSummary("The customer's email/SMS opt-in, preferred channels (email, sms) and language (en, es), through their manage link")]
    [JsonBody(typeof(PreferencesBody))]
    public async Task<Results<Ok<PreferencesResult>, ProblemHttpResult, ValidationProblem>> SelfServiceSetPreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/self-service/{token}/preferences")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<PreferencesBody>(ct);
        var (stored, refusal) = await links.FindAsync(token, ct);
        if (refusal is not null) return refusal;

        var (now, errors) = await preferences.ChangeAsync(stored!, body, LinkTokens.Fingerprint(token), ct);
        if (errors is not null) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(new PreferencesResult(now!.EmailOptIn, now.SmsOptIn, [.. now.PreferredChannels.Select(c => c.Code())], now.Language.Code));
    }
}
