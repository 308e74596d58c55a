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

/// <summary>What recording an entry did to the contact's consent on its channel.</summary>
public enum ConsentEffect
{
    /// <summary>The consent is now different: opted out after being in (or unknown), or the other way round.</summary>
    Changed,
    /// <summary>The entry is the latest, but the consent was already what it says (a second STOP).</summary>
    Unchanged,
    /// <summary>A later entry already decides; this one is kept for the record only.</summary>
    Superseded,
}

internal static class Effects
{
    public static string Code(ConsentEffect effect) => effect switch
    {
        ConsentEffect.Changed => "changed",
        ConsentEffect.Unchanged => "unchanged",
        _ => "superseded",
    };

    /// <summary>Entries written before effects were recorded changed nothing anyone still acts on.</summary>
    public static ConsentEffect Parse(string? code) => code switch
    {
        "changed" => ConsentEffect.Changed,
        "superseded" => ConsentEffect.Superseded,
        _ => ConsentEffect.Unchanged,
    };
}

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
/// the same row again), <c>current</c> summarising the latest entry per channel (what sending
/// reads, by point read), and <c>prefs</c> for the latest preferred channels and language.
/// </summary>
public sealed class ConsentLedger(StorageClients storage)
{
    public const string Table = "consents";
    private const string CurrentRow = "current";
    private const string PrefsRow = "prefs";
    private const string EffectColumn = "Effect";

    private TableClient Client => storage.Tables.GetTableClient(Table);

    /// <summary>
    /// Appends the entry and, in the same transaction (one partition per contact), moves the
    /// contact's <c>current</c> row to it if it is the latest for its channel (ETag-guarded, retried
    /// on a race). So the summary never runs ahead of or behind the ledger. The entry is an insert
    /// keyed by its id (derived from its cause), so a redelivered event, webhook or request carrying
    /// the same entry id finds it and gets the effect that entry had the first time: whoever acts on
    /// a change (an opt-out confirmation) acts on a redelivery after a crash too, and a duplicate
    /// racing the original cannot rewrite the effect.
    /// </summary>
    public async Task<ConsentEffect> RecordAsync(ConsentEntry entry, string entryId, CancellationToken ct)
    {
        var rowKey = $"entry|{entry.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{entryId}";
        var channel = entry.Channel.Code();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var recorded = Client.GetEntityIfExistsAsync<TableEntity>(entry.Contact, rowKey, [EffectColumn], ct);
            var currentRead = Client.GetEntityIfExistsAsync<TableEntity>(entry.Contact, CurrentRow, cancellationToken: ct);
            await Task.WhenAll(recorded, currentRead);
            if (ValueOrNull(await recorded) is { } existing)
                return Effects.Parse(existing.GetString(EffectColumn));
            var current = ValueOrNull(await currentRead);
            try
            {
                if (current?.GetDateTimeOffset(channel + "At") is { } at &&
                    (at > entry.At || (at == entry.At && ConsentSource.Precedence(current.GetString(channel + "Source") ?? "") > ConsentSource.Precedence(entry.Source))))
                {
                    await Client.SubmitTransactionAsync([EntryRow(entry, rowKey, ConsentEffect.Superseded)], ct); // a later decision already stands
                    return ConsentEffect.Superseded;
                }
                var effect = current?.GetBoolean(channel + "OptIn") == entry.OptIn ? ConsentEffect.Unchanged : ConsentEffect.Changed;
                var row = new TableEntity(entry.Contact, CurrentRow) { [channel + "OptIn"] = entry.OptIn, [channel + "At"] = entry.At, [channel + "Source"] = entry.Source };
                await Client.SubmitTransactionAsync([EntryRow(entry, rowKey, effect), current is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateMerge, row, current.ETag)], ct);
                return effect;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // another change to this contact, or this very entry from a duplicate, landed first: read again and decide again
            }
        }
        throw new InvalidOperationException($"Could not update the consent summary of {entry.Contact}: too much contention.");
    }

    private static TableTransactionAction EntryRow(ConsentEntry entry, string rowKey, ConsentEffect effect) =>
        new(TableTransactionActionType.Add, new TableEntity(entry.Contact, rowKey)
        {
            ["Channel"] = entry.Channel.Code(),
            ["OptIn"] = entry.OptIn,
            ["Source"] = entry.Source,
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["ReasonCode"] = entry.ReasonCode,
            ["AppointmentId"] = entry.AppointmentId,
            ["Detail"] = entry.Detail,
            [EffectColumn] = Effects.Code(effect),
        });

    /// <summary>The latest opt-in per channel and the preferences, by two point reads (no partition scan).</summary>
    public async Task<ContactCurrent> ReadCurrentAsync(ContactKey contact, CancellationToken ct)
    {
        var current = Client.GetEntityIfExistsAsync<TableEntity>(contact.Value, CurrentRow, cancellationToken: ct);
        var prefs = Client.GetEntityIfExistsAsync<TableEntity>(contact.Value, PrefsRow, cancellationToken: ct);
        var c = ValueOrNull(await current);
        var p = ValueOrNull(await prefs);
        return new ContactCurrent(c?.GetBoolean(Channel.Email.Code() + "OptIn"), c?.GetBoolean(Channel.Sms.Code() + "OptIn"), p is null ? null : Preferences(p));
    }

    public Task SavePreferencesAsync(ContactKey contact, ContactPreferenceChoice choice, CancellationToken ct) =>
        Client.UpsertEntityAsync(new TableEntity(contact.Value, PrefsRow)
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
            if (row.RowKey == PrefsRow)
                preferences = Preferences(row);
            else if (row.RowKey.StartsWith("entry|", StringComparison.Ordinal) && Channels.TryParse(row.GetString("Channel"), out var channel))
            {
                entries.Add(new ConsentEntry(row.PartitionKey, channel, row.GetBoolean("OptIn") ?? false, row.GetString("Source"),
                    row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, row.GetString("Actor"), row.GetString("ReasonCode"),
                    row.GetString("AppointmentId"), row.GetString("Detail")));
            }
        }
        return new ContactConsent(contact, entries, preferences);
    }

    private static TableEntity? ValueOrNull(Azure.NullableResponse<TableEntity> response) => response.HasValue ? response.Value : null;

    private static ContactPreferenceChoice Preferences(TableEntity row)
    {
        var channels = row.GetString("PreferredChannels");
        return new ContactPreferenceChoice(
            channels is null ? null : [.. channels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => Channels.TryParse(c, out var ch) ? ch : Channel.Email)],
            row.GetString("Language") is { } language ? Language.FromTag(language) : null,
            row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue);
    }
}

/// <summary>A contact's consent as it stands (null: the ledger has no entry for that channel) and preferences.</summary>
public sealed record ContactCurrent(bool? EmailOptIn, bool? SmsOptIn, ContactPreferenceChoice? Preferences)
{
    public bool? OptIn(Channel channel) => channel == Channel.Email ? EmailOptIn : SmsOptIn;
}
