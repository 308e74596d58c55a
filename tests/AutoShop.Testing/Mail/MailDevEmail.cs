using System.Text.Json;

namespace AutoShop.Testing.Mail;

/// <summary>A message as MailDev 3 returns it from <c>GET /api/email/{id}</c>.</summary>
/// <remarks>
/// <see cref="Html"/> is MailDev's sanitized copy; assert on exact markup or links with
/// <see cref="MailDevClient.GetMessageAsync"/>, which parses the original <c>.eml</c>.
/// </remarks>
public sealed record MailDevEmail
{
    public required string Id { get; init; }

    public DateTimeOffset Time { get; init; }

    public string Subject { get; init; } = "";

    public IReadOnlyList<MailDevAddress> From { get; init; } = [];

    public IReadOnlyList<MailDevAddress> To { get; init; } = [];

    public IReadOnlyList<MailDevAddress> Cc { get; init; } = [];

    /// <summary>Recipients in the SMTP envelope but not in To/Cc.</summary>
    public IReadOnlyList<MailDevAddress> CalculatedBcc { get; init; } = [];

    public string? Text { get; init; }

    public string? Html { get; init; }

    /// <summary>Header values, each a JSON string or an array of strings.</summary>
    public IReadOnlyDictionary<string, JsonElement> Headers { get; init; } = new Dictionary<string, JsonElement>();

    public IReadOnlyList<MailDevAttachment> Attachments { get; init; } = [];

    public MailDevEnvelope? Envelope { get; init; }

    public int Size { get; init; }

    /// <summary>True when any To, Cc or envelope recipient has this address (case-insensitive).</summary>
    public bool IsTo(string address) =>
        To.Concat(Cc).Concat(CalculatedBcc).Concat(Envelope?.To ?? [])
            .Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase));
}

public sealed record MailDevAddress(string Address, string? Name = null);

public sealed record MailDevEnvelope(MailDevAddress? From, IReadOnlyList<MailDevAddress> To);

/// <summary>Attachment metadata; download it by <see cref="GeneratedFileName"/>.</summary>
public sealed record MailDevAttachment(
    string FileName,
    string GeneratedFileName,
    string ContentType,
    string? ContentId,
    string ContentDisposition,
    long? Size);
