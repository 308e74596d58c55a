using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using AutoShop.Functions.Storage;

namespace AutoShop.LocalHost.Timers;

/// <summary>
/// Makes each timer occurrence run on exactly one instance: the instance that creates the
/// occurrence's marker blob (create-if-none-match, which storage arbitrates) runs it.
/// </summary>
public sealed class TimerOccurrenceClaims(StorageClients storage, TimeProvider clock)
{
    public const string Container = "function-timers";
    private static readonly TimeSpan Retention = TimeSpan.FromDays(2);
    private readonly Dictionary<string, DateTimeOffset> lastPruned = [];

    public async Task<bool> TryClaimAsync(string functionName, DateTimeOffset occurrence, string instanceId, CancellationToken ct)
    {
        var blob = ContainerClient().GetBlobClient(BlobName(functionName, occurrence));
        try
        {
            await blob.UploadAsync(BinaryData.FromString(instanceId), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
        await PruneAsync(functionName, ct);
        return true;
    }

    private BlobContainerClient ContainerClient() => storage.Blobs.GetBlobContainerClient(Container);

    private static string BlobName(string functionName, DateTimeOffset occurrence) =>
        $"{functionName}/{occurrence.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>Markers only matter around their occurrence; drop old ones at most hourly per instance.</summary>
    private async Task PruneAsync(string functionName, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        lock (lastPruned)
        {
            if (lastPruned.TryGetValue(functionName, out var last) && now - last < TimeSpan.FromHours(1)) return;
            lastPruned[functionName] = now;
        }
        var cutoff = BlobName(functionName, now - Retention);
        await foreach (var item in ContainerClient().GetBlobsAsync(BlobTraits.None, BlobStates.None, functionName + "/", ct))
        {
            if (string.CompareOrdinal(item.Name, cutoff) >= 0) break; // names sort by time
            await ContainerClient().DeleteBlobIfExistsAsync(item.Name, cancellationToken: ct);
        }
    }
}
