using Azure;
using Azure.Data.Tables;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>An SMS as the dev outbox keeps it.</summary>
public sealed record OutboxSms(string To, string Text, string DedupeKey, string? Tag, DateTimeOffset SentAt, string MessageId);

/// <summary>
/// The local stand-in for ACS: every "sent" SMS is a row (PartitionKey = recipient E.164, RowKey =
/// the repeatability id derived from the dedupe key), so a repeated send of one logical message
/// is dropped exactly as ACS drops a repeated repeatability id.
/// </summary>
public sealed class DevSmsOutbox(StorageClients storage, TimeProvider clock) : ISmsChannel
{
    public const string Table = "smsoutbox";

    public string Name => "dev-outbox";

    private TableClient Client => storage.Tables.GetTableClient(Table);

    public async Task<SmsSendOutcome> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        if (!message.To.StartsWith('+') || message.To.Length < 9 || !message.To[1..].All(char.IsAsciiDigit))
            return new SmsInvalid($"'{message.To}' is not an E.164 phone number.");
        var requestId = AcsSmsSender.RepeatabilityRequestId(message.DedupeKey);
        var messageId = "dev-" + requestId.ToString("N");
        try
        {
            await Client.AddEntityAsync(new TableEntity(message.To, requestId.ToString())
            {
                ["Text"] = message.Text,
                ["DedupeKey"] = message.DedupeKey,
                ["Tag"] = message.Tag,
                ["SentAt"] = clock.GetUtcNow(),
                ["MessageId"] = messageId,
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // the same logical message again: accepted, not stored twice (ACS repeatability semantics)
        }
        return new SmsAccepted(message.To, messageId, requestId);
    }

    /// <summary>Messages to one number, or to everyone when <paramref name="to"/> is null; oldest first.</summary>
    public async Task<IReadOnlyList<OutboxSms>> ListAsync(string? to, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<OutboxSms>();
        var query = to is null
            ? Client.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : Client.QueryAsync<TableEntity>(e => e.PartitionKey == to, cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            rows.Add(new OutboxSms(row.PartitionKey, row.GetString("Text"), row.GetString("DedupeKey"), row.GetString("Tag"),
                row.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue, row.GetString("MessageId")));
            if (rows.Count >= 5000) break;
        }
        return [.. rows.OrderBy(r => r.SentAt).ThenBy(r => r.MessageId, StringComparer.Ordinal).TakeLast(limit)];
    }
}
