namespace AutoShop.Functions.Email;

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// One email. <see cref="MessageId"/> should be deterministic for a logical message (for example
/// derived from appointment, kind and version) so a resend after a crash is recognisable downstream.
/// </summary>
public sealed record EmailMessage(
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody,
    string MessageId,
    IReadOnlyList<EmailAttachment>? Attachments = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>Sends email; throws on failure (callers decide about retries).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
