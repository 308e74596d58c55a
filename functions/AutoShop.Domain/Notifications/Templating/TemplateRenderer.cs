using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// Renders one message for one channel from the shipped templates or a shop's overrides.
/// HTML parts are HTML-encoded (a customer named "&lt;b&gt;Sam" shows as typed); subjects, text
/// bodies and SMS are not encoded, since they are not markup.
/// </summary>
public sealed partial class TemplateRenderer
{
    private readonly TemplateEngine engine;
    private readonly TemplateValidator validator;

    /// <param name="timeProvider">The clock behind Liquid's <c>"now"</c>.</param>
    public TemplateRenderer(TimeProvider timeProvider)
    {
        engine = new TemplateEngine(timeProvider);
        validator = new TemplateValidator(engine);
    }

    public RenderResult Render(NotificationContext context, Channel channel, TemplateOverrides? overrides = null)
    {
        overrides ??= TemplateOverrides.None;
        var model = TemplateModel.From(context);
        var rendered = new Dictionary<TemplatePart, string>();
        foreach (var part in TemplateParts.For(channel))
        {
            var custom = overrides.For(part);
            IFluidTemplate template;
            if (custom is null)
            {
                template = DefaultTemplates.Template(DefaultTemplates.ResourceName(context.Kind, part, context.Language));
            }
            else
            {
                var (validation, checkedTemplate) = validator.Check(custom, context.Kind);
                if (!validation.IsValid)
                    return new TemplateRejected(part, validation.Errors);
                template = checkedTemplate!;
            }

            var encoder = part == TemplatePart.Html ? TemplateEngine.Html : TemplateEngine.None;
            try
            {
                rendered[part] = engine.Render(template, model, context.Kind, context.Language, encoder);
            }
            catch (InvalidOperationException e) when (custom is not null)
            {
                // Fluid's step and recursion limits: an override that loops too long is the shop's to fix.
                return new TemplateRejected(part, [new TemplateIssue(null, $"The template could not be rendered: {e.Message}")]);
            }
        }

        if (channel == Channel.Sms)
        {
            var sms = rendered[TemplatePart.Sms].Trim();
            return new RenderedSms(sms, SmsSegments.Count(sms));
        }

        var subject = OneLine(rendered[TemplatePart.Subject]);
        return new RenderedEmail(subject, Layout(rendered[TemplatePart.Html], subject, model, context), rendered[TemplatePart.Text].Trim());
    }

    /// <summary>Renders with <see cref="SampleData"/>, for the template editor's preview.</summary>
    public RenderResult Preview(MessageKind kind, Channel channel, Language language, TemplateOverrides? overrides = null) =>
        Render(SampleData.Context(kind, language), channel, overrides);

    /// <summary>Wraps the body in the shared document; the body is already encoded, so it goes in unencoded.</summary>
    private string Layout(string body, string subject, TemplateModel model, NotificationContext context)
    {
        var values = new Dictionary<string, FluidValue>
        {
            ["body"] = new StringValue(body, encode: false),
            ["subject"] = new StringValue(subject),
            ["lang"] = new StringValue(context.Language.Code),
        };
        return engine.Render(DefaultTemplates.Template(DefaultTemplates.EmailLayoutName), model, context.Kind, context.Language,
            TemplateEngine.Html, values);
    }

    /// <summary>A subject is a header: line breaks in it (from a shop name, say) must not survive.</summary>
    private static string OneLine(string subject) => Whitespace().Replace(subject, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
