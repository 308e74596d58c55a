namespace AutoShop.Domain.Notifications;

/// <summary>One editable piece of a message: an email has a subject, an HTML body and a text body; an SMS has its text.</summary>
public enum TemplatePart
{
    Subject,
    Html,
    Text,
    Sms,
}

public static class TemplateParts
{
    public static string Code(this TemplatePart part) => part switch
    {
        TemplatePart.Subject => "subject",
        TemplatePart.Html => "html",
        TemplatePart.Text => "text",
        TemplatePart.Sms => "sms",
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown template part."),
    };

    public static Channel Channel(this TemplatePart part) => part == TemplatePart.Sms ? Notifications.Channel.Sms : Notifications.Channel.Email;

    public static IReadOnlyList<TemplatePart> For(Channel channel) => channel == Notifications.Channel.Sms
        ? [TemplatePart.Sms]
        : [TemplatePart.Subject, TemplatePart.Html, TemplatePart.Text];
}
