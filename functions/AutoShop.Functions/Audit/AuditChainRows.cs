using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using AutoShop.Domain.Audit;
using NodaTime;

namespace AutoShop.Functions.Audit;

/// <summary>A ledger link as read back: its fields as stored and the hash stored with them.</summary>
public sealed record StoredLink(ChainLinkFields Fields, string? Hash);

/// <summary>The chain's head: the last link's sequence number, hash and chained time.</summary>
internal sealed record ChainHead(long Sequence, string Hash, Instant ChainedAt)
{
    public static readonly ChainHead Genesis = new(0, AuditChain.GenesisHash, Instant.MinValue);
}

/// <summary>
/// The ledger table: PartitionKey = shop id. RowKeys: <c>{sequence:D12}</c> for links (so RowKey order
/// is chain order), <c>head</c> (the last link, written in the same transaction as it) and
/// <c>src|{sha256(source key)}</c> markers (inserted with the link, so a source is chained once).
/// </summary>
internal static class AuditChainRows
{
    public const string Table = "auditchain";
    public const string HeadKey = "head";
    public const string Hash = "Hash";
    public const string ChainedAt = "ChainedAt";
    public const string AtUtc = "AtUtc";

    /// <summary>Links only: their keys are all digits, and ':' sorts right after '9'.</summary>
    public static string LinkRange => TableClient.CreateQueryFilter($"RowKey ge {"0"} and RowKey lt {":"}");

    public static string LinkKey(long sequence) => sequence.ToString("D12", CultureInfo.InvariantCulture);

    public static string MarkerKey(string sourceKey) =>
        "src|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceKey)));

    public static TableEntity Link(ChainLinkFields f, string hash) => new(f.Shop, LinkKey(f.Sequence))
    {
        ["Sequence"] = f.Sequence,
        [ChainedAt] = ParseUtc(f.ChainedAt),
        ["ShopId"] = f.Shop,
        ["TimeZone"] = f.TimeZone,
        ["AppointmentId"] = f.AppointmentId,
        ["Subject"] = f.Subject,
        ["ActorKind"] = f.ActorKind,
        ["ActorId"] = f.ActorId,
        [AtUtc] = ParseUtc(f.AtUtc),
        ["AtLocal"] = f.AtLocal,
        ["Action"] = f.Action,
        ["ReasonCode"] = f.ReasonCode,
        ["Before"] = f.Before,
        ["After"] = f.After,
        ["CorrelationId"] = f.CorrelationId,
        ["SourceKey"] = f.SourceKey,
        [Hash] = hash,
    };

    public static TableEntity Head(string shop, long sequence, string hash, Instant chainedAt) => new(shop, HeadKey)
    {
        ["Sequence"] = sequence,
        [Hash] = hash,
        [ChainedAt] = chainedAt.ToDateTimeOffset(),
    };

    public static TableEntity Marker(string shop, string sourceKey, long sequence, string hash) => new(shop, MarkerKey(sourceKey))
    {
        ["SourceKey"] = sourceKey,
        ["Sequence"] = sequence,
        [Hash] = hash,
    };

    /// <summary>The head row, or the genesis head for a shop with no ledger yet.</summary>
    public static async Task<ChainHead> HeadAsync(TableClient table, string shop, CancellationToken ct)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(shop, HeadKey, cancellationToken: ct);
        return row.HasValue && row.Value is { } head
            ? new(head.GetInt64("Sequence") ?? 0, head.GetString(Hash) ?? "", Instant.FromDateTimeOffset(head.GetDateTimeOffset(ChainedAt) ?? DateTimeOffset.MinValue))
            : ChainHead.Genesis;
    }

    /// <summary>
    /// Reads a link back as text exactly as stored, whatever happened to it: a property whose type was
    /// changed still yields a string, which then simply fails the hash.
    /// </summary>
    public static StoredLink Read(TableEntity row) => new(new ChainLinkFields(
        long.Parse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture),
        Text(row, ChainedAt) ?? "", Text(row, "ShopId") ?? "", Text(row, "TimeZone") ?? "", Text(row, "AppointmentId"), Text(row, "Subject"),
        Text(row, "ActorKind") ?? "", Text(row, "ActorId") ?? "", Text(row, AtUtc) ?? "", Text(row, "AtLocal") ?? "",
        Text(row, "Action") ?? "", Text(row, "ReasonCode"), Text(row, "Before") ?? "", Text(row, "After") ?? "",
        Text(row, "CorrelationId"), Text(row, "SourceKey") ?? ""), Text(row, Hash));

    private static string? Text(TableEntity row, string name) => row.TryGetValue(name, out var value) ? value switch
    {
        null => null,
        string s => s,
        DateTimeOffset d => AuditChain.FormatUtc(Instant.FromDateTimeOffset(d)),
        DateTime d => AuditChain.FormatUtc(Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc))),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    } : null;

    private static DateTimeOffset ParseUtc(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
