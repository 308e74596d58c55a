namespace AutoShop.Domain.Notifications;

/// <summary>A shop's replacement text for any part of a message; parts left null use the default.</summary>
public sealed record TemplateOverrides(string? Subject = null, string? Html = null, string? Text = null, string? Sms = null)
{
    public static TemplateOverrides None { get; } = new();

    public string? For(TemplatePart part) => part switch
    {
        TemplatePart.Subject => Subject,
        TemplatePart.Html => Html,
        TemplatePart.Text => Text,
        _ => Sms,
    };
}

/// <summary>What rendering produced: a sendable email or SMS, or the override that could not be used.</summary>
public abstract record RenderResult;

/// <summary>A complete email: one-line subject, full HTML document, plain-text alternative.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text) : RenderResult;

public sealed record RenderedSms(string Text, SmsSegmentCount Segments) : RenderResult;

/// <summary>
/// A shop override that does not validate. Nothing is sent from it; the caller decides whether
/// to fall back to the default (by rendering without the override) or to alert the shop.
/// </summary>
public sealed record TemplateRejected(TemplatePart Part, IReadOnlyList<TemplateIssue> Errors) : RenderResult;
