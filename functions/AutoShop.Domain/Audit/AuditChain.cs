using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Domain.Audit;

/// <summary>
/// A link of a shop's audit ledger exactly as it is stored, every field as text. The hash covers
/// these strings, not a parsed record, so a stored row can be checked even when tampering made a
/// field unreadable (an unknown action, a garbled time).
/// </summary>
public sealed record ChainLinkFields(
    long Sequence, string ChainedAt, string Shop, string TimeZone, string? AppointmentId, string? Subject,
    string ActorKind, string ActorId, string AtUtc, string AtLocal, string Action, string? ReasonCode,
    string Before, string After, string? CorrelationId, string SourceKey)
{
    public static ChainLinkFields From(AuditRecord record, long sequence, Instant chainedAt) =>
        new(sequence, AuditChain.FormatUtc(chainedAt), record.Shop.Value, record.Zone.Id, record.AppointmentId?.Value, record.Subject,
            record.Actor.Kind.ToString().ToLowerInvariant(), record.Actor.Id, AuditChain.FormatUtc(record.At),
            AuditChain.FormatLocal(record.LocalAt), record.Action.Value, record.Reason?.Value,
            record.Before, record.After, record.CorrelationId, record.SourceKey);

    /// <summary>
    /// Every field, in a fixed order, as a presence byte then a 4-byte big-endian length and the
    /// UTF-8 bytes: unambiguous (no separator a value could contain) and stable across platforms.
    /// </summary>
    public byte[] CanonicalBytes()
    {
        string?[] fields =
        [
            AuditChain.FormatVersion, Sequence.ToString(CultureInfo.InvariantCulture), ChainedAt, Shop, TimeZone, AppointmentId, Subject,
            ActorKind, ActorId, AtUtc, AtLocal, Action, ReasonCode, Before, After, CorrelationId, SourceKey,
        ];
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            if (field is null)
            {
                buffer.WriteByte(0xFF);
                continue;
            }
            var bytes = Encoding.UTF8.GetBytes(field);
            buffer.WriteByte(0x00);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        return buffer.ToArray();
    }
}

/// <summary>The hash chain: <c>hash(n) = SHA-256(hash(n-1) ‖ canonical bytes of link n)</c>, starting from <see cref="GenesisHash"/>.</summary>
public static class AuditChain
{
    public const string FormatVersion = "autoshop-audit-v1";

    /// <summary>The "previous hash" of link 1.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private static readonly InstantPattern UtcPattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'");
    private static readonly OffsetDateTimePattern LocalPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffo<+HH:mm>");

    /// <summary>Lower-case hex SHA-256 of the previous hash's bytes followed by the link's canonical bytes.</summary>
    public static string Hash(string previousHash, ChainLinkFields link)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Convert.FromHexString(previousHash));
        sha.AppendData(link.CanonicalBytes());
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Fixed-width UTC time with seven fractional digits, the precision storage keeps.</summary>
    public static string FormatUtc(Instant instant) => UtcPattern.Format(instant);

    public static string FormatLocal(OffsetDateTime local) => LocalPattern.Format(local);

    /// <summary>Whether <paramref name="text"/> is a hash this chain could have produced.</summary>
    public static bool IsHash(string? text) =>
        text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
