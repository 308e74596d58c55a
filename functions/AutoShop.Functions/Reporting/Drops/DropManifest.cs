using System.Text.Json.Serialization;

namespace AutoShop.Functions.Reporting.Drops;

/// <summary>
/// The last file of a day's drop: which files belong to it, how many data rows each holds and their
/// SHA-256. Readers trust only files listed here whose hash matches; a rerun rewrites it last.
/// </summary>
public sealed record DropManifest(
    string ShopId, string Date, string TimeZone, string FromUtc, string ToUtc, string GeneratedAt, IReadOnlyList<DropFile> Files);

/// <param name="Rows">Data rows, not counting the header.</param>
public sealed record DropFile(string Name, long Rows, long Bytes, string Sha256);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DropManifest))]
public sealed partial class DropJsonContext : JsonSerializerContext;
