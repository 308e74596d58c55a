using System.Globalization;
using Azure.Data.Tables;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Notifications.Consent;

/// <summary>Where a consent change came from.</summary>
public static class ConsentSource
{
    public const string Booking = "booking";
    public const string Staff = "staff";
    public const string CustomerLink = "customer-link";
    public const string SmsKeyword = "sms-keyword";

    /// <summary>At the same instant, a deliberate change outranks what the booking form said.</summary>
    public static int Precedence(string source) => source == Booking ? 0 : 1;
}

/// <summary>One opt-in or opt-out. Entries are never changed or removed; the latest per channel is the consent.</summary>
public sealed record ConsentEntry(
    string Contact, Channel Channel, bool OptIn, string Source, DateTimeOffset At, string Actor,
    string? ReasonCode = null, string? AppointmentId = null, string? Detail = null);

/// <summary>How the customer likes to be reached, set through their link (not consent: it never enables a channel).</summary>
public sealed record ContactPreferenceChoice(IReadOnlyList<Channel>? PreferredChannels, Language? Language, DateTimeOffset At);

/// <summary>A contact's ledger and current choices.</summary>
public sealed record ContactConsent(ContactKey Contact, IReadOnlyList<ConsentEntry> Entries, ContactPreferenceChoice? Preferences)
{
    /// <summary>The latest entry for the channel decides; null when the ledger has none.</summary>
    public bool? Current(Channel channel) => Entries.Where(e => e.Channel == channel)
        .OrderBy(e => e.At).ThenBy(e => ConsentSource.Precedence(e.Source)).LastOrDefault()?.OptIn;
}

/// <summary>
/// The consent ledger: PartitionKey = normalised contact; RowKey <c>entry|{at ticks}|{entry id}</c>
/// for each change (an entry id derived from its cause, so a redelivered event or webhook writes
/// the same row again), and <c>prefs</c> for the latest preferred channels and language.
/// </summary>
public sealed class ConsentLedger(StorageClients storage)
{
    public const string Table = "consents";

    private TableClient Client => storage.Tables.GetTableClient(Table);

    public Task RecordAsync(ConsentEntry entry, string entryId, CancellationToken ct) =>
        Client.UpsertEntityAsync(new TableEntity(entry.Contact, $"entry|{entry.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{entryId}")
        {
            ["Channel"] = entry.Channel.Code(),
            ["OptIn"] = entry.OptIn,
            ["Source"] = entry.Source,
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["ReasonCode"] = entry.ReasonCode,
            ["AppointmentId"] = entry.AppointmentId,
            ["Detail"] = entry.Detail,
        }, TableUpdateMode.Replace, ct);

    public Task SavePreferencesAsync(ContactKey contact, ContactPreferenceChoice choice, CancellationToken ct) =>
        Client.UpsertEntityAsync(new TableEntity(contact.Value, "prefs")
        {
            ["PreferredChannels"] = choice.PreferredChannels is null ? null : string.Join(',', choice.PreferredChannels.Select(c => c.Code())),
            ["Language"] = choice.Language?.Code,
            ["At"] = choice.At,
        }, TableUpdateMode.Replace, ct);

    public async Task<ContactConsent> ReadAsync(ContactKey contact, CancellationToken ct)
    {
        var entries = new List<ConsentEntry>();
        ContactPreferenceChoice? preferences = null;
        await foreach (var row in Client.QueryAsync<TableEntity>(e => e.PartitionKey == contact.Value, cancellationToken: ct))
        {
            if (row.RowKey == "prefs")
            {
                var channels = row.GetString("PreferredChannels");
                preferences = new ContactPreferenceChoice(
                    channels is null ? null : [.. channels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => Channels.TryParse(c, out var ch) ? ch : Channel.Email)],
                    row.GetString("Language") is { } language ? Language.FromTag(language) : null,
                    row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue);
            }
            else if (Channels.TryParse(row.GetString("Channel"), out var channel))
            {
                entries.Add(new ConsentEntry(row.PartitionKey, channel, row.GetBoolean("OptIn") ?? false, row.GetString("Source"),
                    row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, row.GetString("Actor"), row.GetString("ReasonCode"),
                    row.GetString("AppointmentId"), row.GetString("Detail")));
            }
        }
        return new ContactConsent(contact, entries, preferences);
    }
}
