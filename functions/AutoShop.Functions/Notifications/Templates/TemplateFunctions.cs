using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Notifications.Templates;

/// <summary>Staff edit the wording of customer messages per shop; defaults ship with the app.</summary>
[Tags("Notifications")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class TemplateFunctions(IShopStore shops, TemplateStore store, TemplateRenderer renderer, TimeProvider clock)
{
    /// <summary>Longest override text accepted for one part.</summary>
    public const int MaxTemplateLength = 16_000;

    /// <summary>
    /// A body of template texts may hold several parts at <see cref="MaxTemplateLength"/> characters, each up to six bytes
    /// as JSON escapes: it gets the app's general body limit rather than the smaller default for JSON bodies.
    /// </summary>
    private const long MaxBodyBytes = RequestBodyLimits.DefaultMaxBytes;

    private const string OneTemplate = "api/shops/{shopId}/templates/{kind}/{channel}/{language}";

    public sealed record TemplateSetSummary(string Kind, string Channel, string Language, bool Overridden, IReadOnlyList<string> OverriddenParts);
    public sealed record TemplateList(string ShopId, IReadOnlyList<TemplateSetSummary> Templates, IReadOnlyList<TemplateVariable> Variables);
    public sealed record TemplatePartText(string Part, string Text, bool Overridden);
    public sealed record TemplateSet(string ShopId, string Kind, string Channel, string Language, IReadOnlyList<TemplatePartText> Parts);
    public sealed record TemplateWarning(string Part, int? Line, string Message);
    public sealed record SavedTemplate(TemplateSet Template, IReadOnlyList<TemplateWarning> Warnings);
    /// <summary>Parts to set (or, for a preview, to try); parts not given keep their current text.</summary>
    public sealed record TemplateTexts(string? Subject, string? Html, string? Text, string? Sms, string? ReasonCode);
    public sealed record TemplateAuditEntry(string Kind, string Channel, string Language, string Part, string Action, string Actor, DateTimeOffset At,
        string? ReasonCode, string? Before, string? After);
    public sealed record TemplatePreview(string? Subject, string? Html, string? Text, int? SmsSegments, int? SmsUnits, string? SmsEncoding);

    [Function("ListMessageTemplates")]
    [EndpointSummary("Every message kind × channel × language, whether the shop overrides it, and the variables templates may use")]
    public async Task<Results<Ok<TemplateList>, ProblemHttpResult>> ListMessageTemplates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/templates")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        var shop = setup.Shop.Id.Value;
        var overridden = await store.ListOverriddenAsync(shop, ct);
        var sets = from kind in MessageKinds.All
                   from channel in Channels.All
                   from language in Language.All
                   let key = new TemplateKey(kind, channel, language)
                   let parts = key.Parts.Where(p => overridden.Contains(key.RowKey(p))).Select(p => p.Code()).ToList()
                   select new TemplateSetSummary(kind.Code(), channel.Code(), language.Code, parts.Count > 0, parts);
        return TypedResults.Ok(new TemplateList(shop, [.. sets], TemplateVariables.All));
    }

    [Function("ListMessageTemplateChanges")]
    [EndpointSummary("Who changed which template part, when and why")]
    public async Task<Results<Ok<IReadOnlyList<TemplateAuditEntry>>, ProblemHttpResult>> ListMessageTemplateChanges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/templates/audit")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        var changes = await store.AuditAsync(setup.Shop.Id.Value, ct);
        return TypedResults.Ok<IReadOnlyList<TemplateAuditEntry>>([.. changes.Select(c => new TemplateAuditEntry(c.Key.Kind.Code(), c.Key.Channel.Code(),
            c.Key.Language.Code, c.Part.Code(), c.Action, c.Actor, c.At, c.ReasonCode, c.Before, c.After))]);
    }

    [Function("GetMessageTemplate")]
    [EndpointSummary("The effective text of each part (the shop's override or the shipped default)")]
    public async Task<Results<Ok<TemplateSet>, ProblemHttpResult>> GetMessageTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OneTemplate)] HttpRequest req, string shopId, string kind, string channel, string language)
    {
        var ct = req.HttpContext.RequestAborted;
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        if (ParseKey(kind, channel, language) is not { } key) return KeyNotFound(kind, channel, language);
        return TypedResults.Ok(await EffectiveAsync(setup.Shop.Id.Value, key, ct));
    }

    [Function("SetMessageTemplate")]
    [EndpointSummary("Overrides parts (subject/html/text for email, sms for SMS); a syntax error or unknown variable is 422 naming the line; a long SMS is saved with a warning")]
    [JsonBody(typeof(TemplateTexts))]
    public async Task<Results<Ok<SavedTemplate>, ProblemHttpResult, ValidationProblem>> SetMessageTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = OneTemplate)] HttpRequest req, string shopId, string kind, string channel, string language)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<TemplateTexts>(ct, MaxBodyBytes);
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        if (ParseKey(kind, channel, language) is not { } key) return KeyNotFound(kind, channel, language);
        var (texts, fieldErrors) = ReadTexts(body, key, requireOne: true);
        if (body.ReasonCode is not null && !ReasonCode.TryParse(body.ReasonCode).TryGetValue(out _, out var reasonError))
            fieldErrors[reasonError.Field] = [reasonError.Message];
        if (fieldErrors.Count > 0) return TypedResults.ValidationProblem(fieldErrors);

        var (errors, warnings) = Validate(key, texts);
        if (errors.Count > 0)
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Title = "The template does not validate",
                Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}")),
                Status = StatusCodes.Status422UnprocessableEntity,
            });

        var shop = setup.Shop.Id.Value;
        await store.SaveAsync(shop, key, texts, req.HttpContext.User.StaffId(), body.ReasonCode?.Trim().ToLowerInvariant(), clock.GetUtcNow(), ct);
        return TypedResults.Ok(new SavedTemplate(await EffectiveAsync(shop, key, ct), warnings));
    }

    [Function("ResetMessageTemplate")]
    [EndpointSummary("Back to the shipped default (all parts, or ?part=)")]
    [QueryParameter("part", typeof(string), Description = "One part to reset (subject, html or text for email; sms for SMS); all parts when absent.")]
    [QueryParameter("reasonCode", typeof(string), Description = "Why, for the template's change history.")]
    public async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ResetMessageTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = OneTemplate)] HttpRequest req, string shopId, string kind, string channel, string language)
    {
        var ct = req.HttpContext.RequestAborted;
        var (part, reasonCode) = (req.QueryText("part"), req.QueryText("reasonCode"));
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        if (ParseKey(kind, channel, language) is not { } key) return KeyNotFound(kind, channel, language);
        IReadOnlyList<TemplatePart> parts = key.Parts;
        if (part is not null)
        {
            var one = key.Parts.Where(p => p.Code() == part).ToList();
            if (one.Count == 0)
                return ValidationProblems.Invalid("part", $"must be one of {string.Join(", ", key.Parts.Select(p => p.Code()))}.");
            parts = one;
        }
        if (reasonCode is not null && !ReasonCode.TryParse(reasonCode).TryGetValue(out _, out var reasonError))
            return ValidationProblems.Invalid(reasonError.Field, reasonError.Message);
        await store.ResetAsync(setup.Shop.Id.Value, key, parts, req.HttpContext.User.StaffId(), reasonCode?.Trim().ToLowerInvariant(), clock.GetUtcNow(), ct);
        return TypedResults.NoContent();
    }

    [Function("PreviewMessageTemplate")]
    [EndpointSummary("Renders with sample data: the effective templates, or the texts in the body in their place")]
    [JsonBody(typeof(TemplateTexts), Optional = true)]
    public async Task<Results<Ok<TemplatePreview>, ProblemHttpResult, ValidationProblem>> PreviewMessageTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = OneTemplate + "/preview")] HttpRequest req, string shopId, string kind, string channel, string language)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadOptionalJsonAsync<TemplateTexts>(ct, MaxBodyBytes);
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        if (ParseKey(kind, channel, language) is not { } key) return KeyNotFound(kind, channel, language);
        var (texts, fieldErrors) = ReadTexts(body ?? new TemplateTexts(null, null, null, null, null), key, requireOne: false);
        if (fieldErrors.Count > 0) return TypedResults.ValidationProblem(fieldErrors);
        var stored = await store.OverridesAsync(setup.Shop.Id.Value, key, ct);
        var overrides = new TemplateOverrides(
            texts.GetValueOrDefault(TemplatePart.Subject, stored.Subject!), texts.GetValueOrDefault(TemplatePart.Html, stored.Html!),
            texts.GetValueOrDefault(TemplatePart.Text, stored.Text!), texts.GetValueOrDefault(TemplatePart.Sms, stored.Sms!));
        return renderer.Preview(key.Kind, key.Channel, key.Language, overrides) switch
        {
            RenderedEmail email => TypedResults.Ok(new TemplatePreview(email.Subject, email.Html, email.Text, null, null, null)),
            RenderedSms sms => TypedResults.Ok(new TemplatePreview(null, null, sms.Text, sms.Segments.Segments, sms.Segments.Units, sms.Segments.Encoding.ToString())),
            TemplateRejected rejected => TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [rejected.Part.Code()] = [.. rejected.Errors.Select(e => e.ToString())],
            })
            { Title = "The template does not validate", Status = StatusCodes.Status422UnprocessableEntity }),
            var other => throw new InvalidOperationException($"Unexpected render result {other}"),
        };
    }

    private async Task<TemplateSet> EffectiveAsync(string shop, TemplateKey key, CancellationToken ct)
    {
        var overrides = await store.GetAsync(shop, key, ct);
        return new TemplateSet(shop, key.Kind.Code(), key.Channel.Code(), key.Language.Code, [.. key.Parts.Select(p => overrides.TryGetValue(p, out var text)
            ? new TemplatePartText(p.Code(), text, true)
            : new TemplatePartText(p.Code(), DefaultTemplates.Text(key.Kind, p, key.Language), false))]);
    }

    /// <summary>Syntax and variables of each text: errors refuse the save, warnings (a long SMS) go back with it.</summary>
    private static (Dictionary<string, string[]> Errors, List<TemplateWarning> Warnings) Validate(TemplateKey key, Dictionary<TemplatePart, string> texts)
    {
        var validator = new TemplateValidator();
        var errors = new Dictionary<string, string[]>();
        var warnings = new List<TemplateWarning>();
        foreach (var (part, text) in texts)
        {
            var validation = validator.Validate(text, key.Kind, part, key.Language);
            if (!validation.IsValid) errors[part.Code()] = [.. validation.Errors.Select(e => e.ToString())];
            warnings.AddRange(validation.Warnings.Select(w => new TemplateWarning(part.Code(), w.Line, w.Message)));
        }
        return (errors, warnings);
    }

    private static (Dictionary<TemplatePart, string> Texts, Dictionary<string, string[]> Errors) ReadTexts(TemplateTexts body, TemplateKey key, bool requireOne)
    {
        var texts = new Dictionary<TemplatePart, string>();
        var errors = new Dictionary<string, string[]>();
        foreach (var (part, text) in new[] { (TemplatePart.Subject, body.Subject), (TemplatePart.Html, body.Html), (TemplatePart.Text, body.Text), (TemplatePart.Sms, body.Sms) })
        {
            if (text is null) continue;
            if (!key.Parts.Contains(part)) errors[part.Code()] = [$"is not a part of {key.Channel.Code()} templates (use {string.Join(", ", key.Parts.Select(p => p.Code()))})."];
            else if (text.Length > MaxTemplateLength) errors[part.Code()] = [$"must be at most {MaxTemplateLength} characters."];
            else texts[part] = text;
        }
        if (requireOne && texts.Count == 0 && errors.Count == 0)
            errors["parts"] = [$"give at least one of {string.Join(", ", key.Parts.Select(p => p.Code()))}."];
        return (texts, errors);
    }

    private static TemplateKey? ParseKey(string kind, string channel, string language) =>
        MessageKinds.TryParse(kind, out var k) && Channels.TryParse(channel, out var c) && Language.All.FirstOrDefault(l => l.Code == language) is { } lang
            ? new TemplateKey(k, c, lang)
            : null;

    private static ProblemHttpResult KeyNotFound(string kind, string channel, string language) => Problems.NotFound("No such template",
        $"'{kind}/{channel}/{language}' is not a template: kinds are {string.Join(", ", MessageKinds.All.Select(k => k.Code()))}; channels email, sms; languages en, es.");
}
