using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Notifications.Templates;

/// <summary>One message template set: a kind, on a channel, in a language.</summary>
public sealed record TemplateKey(MessageKind Kind, Channel Channel, Language Language)
{
    public string Prefix => $"{Kind.Code()}|{Channel.Code()}|{Language.Code}|";

    public string RowKey(TemplatePart part) => Prefix + part.Code();

    public IReadOnlyList<TemplatePart> Parts => TemplateParts.For(Channel);
}

/// <summary>An audited change to a shop's templates.</summary>
public sealed record TemplateChange(
    string ShopId, TemplateKey Key, TemplatePart Part, string Action, string Actor, DateTimeOffset At, string? ReasonCode, string? Before, string? After);

/// <summary>
/// Shop overrides of the shipped templates: PartitionKey = shop id, RowKey
/// <c>{kind}|{channel}|{language}|{part}</c>. Every change writes an <c>audit|{ticks}|{n}</c> row in the
/// same partition and the same transaction, so no override exists without its audit record.
/// </summary>
public sealed class TemplateStore(StorageClients storage, [FromKeyedServices(HostingExtensions.PollingClock)] TimeProvider realClock)
{
    public const string Table = "notificationtemplates";
    private const string AuditPrefix = "audit|";

    /// <summary>
    /// How long sending reuses a shop's overrides before reading them again. Saves a table read per
    /// message; an edit shows up at once on the instance that saved it and within this on the others.
    /// </summary>
    public static readonly TimeSpan SendCacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (IReadOnlyDictionary<string, string> Texts, DateTimeOffset LoadedAt)> sendCache = new(StringComparer.Ordinal);

    private TableClient Client => storage.Tables.GetTableClient(Table);

    public async Task<IReadOnlyDictionary<TemplatePart, string>> GetAsync(string shopId, TemplateKey key, CancellationToken ct)
    {
        var parts = new Dictionary<TemplatePart, string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shopId} and RowKey ge {key.Prefix} and RowKey lt {key.Prefix + "~"}");
        await foreach (var row in Client.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var part = key.Parts.FirstOrDefault(p => key.RowKey(p) == row.RowKey, (TemplatePart)(-1));
            if (part >= 0) parts[part] = row.GetString("Text");
        }
        return parts;
    }

    /// <summary>The overrides as the editor sees them: read now.</summary>
    public async Task<TemplateOverrides> OverridesAsync(string shopId, TemplateKey key, CancellationToken ct)
    {
        var parts = await GetAsync(shopId, key, ct);
        return new TemplateOverrides(parts.GetValueOrDefault(TemplatePart.Subject), parts.GetValueOrDefault(TemplatePart.Html),
            parts.GetValueOrDefault(TemplatePart.Text), parts.GetValueOrDefault(TemplatePart.Sms));
    }

    /// <summary>The overrides for sending: the shop's whole set, read at most every <see cref="SendCacheFor"/>.</summary>
    public async Task<TemplateOverrides> OverridesForSendingAsync(string shopId, TemplateKey key, CancellationToken ct)
    {
        var now = realClock.GetUtcNow();
        if (!sendCache.TryGetValue(shopId, out var cached) || now - cached.LoadedAt >= SendCacheFor)
        {
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var row in Client.QueryAsync<TableEntity>(e => e.PartitionKey == shopId, select: ["RowKey", "Text"], cancellationToken: ct))
            {
                if (!row.RowKey.StartsWith(AuditPrefix, StringComparison.Ordinal)) texts[row.RowKey] = row.GetString("Text");
            }
            cached = (texts, now);
            sendCache[shopId] = cached;
        }
        return new TemplateOverrides(cached.Texts.GetValueOrDefault(key.RowKey(TemplatePart.Subject)), cached.Texts.GetValueOrDefault(key.RowKey(TemplatePart.Html)),
            cached.Texts.GetValueOrDefault(key.RowKey(TemplatePart.Text)), cached.Texts.GetValueOrDefault(key.RowKey(TemplatePart.Sms)));
    }

    /// <summary>Row keys of every override the shop has.</summary>
    public async Task<IReadOnlySet<string>> ListOverriddenAsync(string shopId, CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Client.QueryAsync<TableEntity>(e => e.PartitionKey == shopId, select: ["RowKey"], cancellationToken: ct))
        {
            if (!row.RowKey.StartsWith(AuditPrefix, StringComparison.Ordinal)) keys.Add(row.RowKey);
        }
        return keys;
    }

    /// <summary>Sets the given parts and audits each, atomically.</summary>
    public async Task SaveAsync(string shopId, TemplateKey key, IReadOnlyDictionary<TemplatePart, string> texts, string actor, string? reasonCode,
        DateTimeOffset at, CancellationToken ct)
    {
        var current = await GetAsync(shopId, key, ct);
        var actions = new List<TableTransactionAction>();
        var n = 0;
        foreach (var (part, text) in texts)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(shopId, key.RowKey(part))
            {
                ["Text"] = text,
                ["UpdatedAt"] = at,
                ["UpdatedBy"] = actor,
            }));
            actions.Add(new(TableTransactionActionType.Add, Audit(new TemplateChange(shopId, key, part, "set", actor, at, reasonCode,
                current.GetValueOrDefault(part), text), n++)));
        }
        await Client.SubmitTransactionAsync(actions, ct);
        sendCache.TryRemove(shopId, out _);
    }

    /// <summary>Removes overrides (back to the shipped default); returns the parts that had one.</summary>
    public async Task<IReadOnlyList<TemplatePart>> ResetAsync(string shopId, TemplateKey key, IReadOnlyList<TemplatePart> parts, string actor,
        string? reasonCode, DateTimeOffset at, CancellationToken ct)
    {
        var current = await GetAsync(shopId, key, ct);
        var removed = parts.Where(current.ContainsKey).ToList();
        if (removed.Count == 0) return removed;
        var actions = new List<TableTransactionAction>();
        var n = 0;
        foreach (var part in removed)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(shopId, key.RowKey(part)), Azure.ETag.All));
            actions.Add(new(TableTransactionActionType.Add, Audit(new TemplateChange(shopId, key, part, "reset", actor, at, reasonCode, current[part], null), n++)));
        }
        await Client.SubmitTransactionAsync(actions, ct);
        sendCache.TryRemove(shopId, out _);
        return removed;
    }

    public async Task<IReadOnlyList<TemplateChange>> AuditAsync(string shopId, CancellationToken ct)
    {
        var changes = new List<TemplateChange>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shopId} and RowKey ge {AuditPrefix} and RowKey lt {"audit}"}");
        await foreach (var row in Client.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (!MessageKinds.TryParse(row.GetString("Kind"), out var kind) || !Channels.TryParse(row.GetString("Channel"), out var channel)) continue;
            var part = Enum.TryParse<TemplatePart>(row.GetString("Part"), ignoreCase: true, out var p) ? p : TemplatePart.Text;
            changes.Add(new TemplateChange(shopId, new TemplateKey(kind, channel, Language.FromTag(row.GetString("Language"))), part,
                row.GetString("Action"), row.GetString("Actor"), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                row.GetString("ReasonCode"), row.GetString("Before"), row.GetString("After")));
        }
        return changes;
    }

    private static TableEntity Audit(TemplateChange change, int n) =>
        new(change.ShopId, $"{AuditPrefix}{change.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{Guid.NewGuid():N}{n}")
        {
            ["Kind"] = change.Key.Kind.Code(),
            ["Channel"] = change.Key.Channel.Code(),
            ["Language"] = change.Key.Language.Code,
            ["Part"] = change.Part.Code(),
            ["Action"] = change.Action,
            ["Actor"] = change.Actor,
            ["At"] = change.At,
            ["ReasonCode"] = change.ReasonCode,
            ["Before"] = change.Before,
            ["After"] = change.After,
        };
}
