using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Shops;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>One SMS a customer sent us. <see cref="MessageId"/> is ACS's id, the same on every redelivery.</summary>
public sealed record InboundSms(string MessageId, ContactKey From, string? Text, DateTimeOffset ReceivedAt);

/// <summary>
/// Acts on an inbound SMS (<see cref="SmsKeyword"/> decides what it asks): an opt-out or opt-in
/// becomes a consent ledger entry keyed by the message, and the one that changed the consent is
/// confirmed by one text; HELP is answered. Replies name the shop of the customer's latest
/// booking, in their language, and go out at once whatever the quiet hours (the customer just
/// wrote to us; the FCC expects an opt-out confirmation within five minutes).
/// Exactly one confirmation: a second STOP changes nothing, so it gets none; a redelivered webhook
/// finds its entry with the effect it had, and its reply carries the same dedupe key, which ACS
/// (repeatability id) and the dev outbox drop. A reply that cannot be sent throws, so the webhook
/// fails and Event Grid delivers again.
/// </summary>
public sealed partial class InboundSmsHandler(
    ConsentLedger ledger,
    IScheduleStore schedule,
    IShopStore shops,
    NotificationContexts contexts,
    ChannelSenders senders,
    IOptions<NotificationOptions> options,
    ILogger<InboundSmsHandler> logger)
{
    /// <summary>How much of a free-text revocation the ledger keeps as its evidence.</summary>
    private const int QuotedLength = 160;

    public async Task<SmsKeyword> HandleAsync(InboundSms sms, CancellationToken ct)
    {
        var keyword = SmsKeyword.Parse(sms.Text);
        var entryId = "sms-" + MessageKey(sms.MessageId);
        switch (keyword.Intent)
        {
            case SmsKeywordIntent.OptOut or SmsKeywordIntent.OptIn:
                var optIn = keyword.Intent == SmsKeywordIntent.OptIn;
                var detail = keyword.FreeText ? $"reply \"{Quote(sms.Text!)}\"" : $"keyword {keyword.Keyword}";
                var effect = await ledger.RecordAsync(new ConsentEntry(sms.From.Value, Channel.Sms, optIn, ConsentSource.SmsKeyword, sms.ReceivedAt,
                    "sms:" + sms.From.Address, Detail: detail), entryId, ct);
                LogConsent(logger, keyword.Keyword ?? "free text", Prefix(sms.From), effect);
                if (effect == ConsentEffect.Changed) await ReplyAsync(sms, keyword.Intent, entryId, ct);
                break;
            case SmsKeywordIntent.Help:
                await ReplyAsync(sms, keyword.Intent, entryId, ct);
                break;
        }
        return keyword;
    }

    private async Task ReplyAsync(InboundSms sms, SmsKeywordIntent intent, string entryId, CancellationToken ct)
    {
        var replies = await RepliesForAsync(sms.From, ct);
        var tag = intent switch
        {
            SmsKeywordIntent.OptOut => "opt-out-confirmation",
            SmsKeywordIntent.OptIn => "opt-in-confirmation",
            _ => "help",
        };
        var message = new SmsMessage(sms.From.Address, replies.For(intent)!, $"sms-reply:{entryId}:{tag}") { Tag = tag, FirstAttemptAt = sms.ReceivedAt };
        if (await senders.SendSmsAsync(message, ct) is SendRefused refused)
            LogReplyRefused(logger, tag, Prefix(sms.From), refused.Reason); // the number cannot take it: retrying would not help
    }

    /// <summary>The shop of the contact's latest booking (its ledger entries name the appointment), else the program's name.</summary>
    private async Task<SmsKeywordReplies> RepliesForAsync(ContactKey contact, CancellationToken ct)
    {
        var consent = await ledger.ReadAsync(contact, ct);
        var latest = consent.Entries.Where(e => e.AppointmentId is not null).MaxBy(e => e.At);
        var appointment = latest is not null && AppointmentId.TryParse(latest.AppointmentId).TryGetValue(out var id, out _)
            ? (await schedule.FindAsync(id, ct))?.Appointment
            : null;
        var language = consent.Preferences?.Language
            ?? (appointment?.Customer.Preferences.Language == ContactLanguage.Es ? Language.Es : Language.En);
        if (appointment is null || await shops.GetAsync(appointment.ShopId, ct) is not { } setup)
            return new SmsKeywordReplies(options.Value.SmsProgramName, null, language);
        var shop = contexts.ShopInfo(setup);
        return new SmsKeywordReplies(shop.Name, string.IsNullOrWhiteSpace(shop.Phone) ? null : shop.Phone, language);
    }

    /// <summary>A table-key-safe id for the message (ACS ids are long and may hold any character).</summary>
    private static string MessageKey(string messageId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(messageId)))[..24];

    private static string Quote(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= QuotedLength ? flat : flat[..QuotedLength] + "…";
    }

    /// <summary>Logs carry the number's first digits only.</summary>
    private static string Prefix(ContactKey contact) => contact.Address[..Math.Min(5, contact.Address.Length)];

    [LoggerMessage(LogLevel.Information, "Inbound SMS {Keyword} from {NumberPrefix}…: consent {Effect}")]
    private static partial void LogConsent(ILogger logger, string keyword, string numberPrefix, ConsentEffect effect);

    [LoggerMessage(LogLevel.Warning, "The {Tag} reply to {NumberPrefix}… was refused: {Reason}")]
    private static partial void LogReplyRefused(ILogger logger, string tag, string numberPrefix, string reason);
}
