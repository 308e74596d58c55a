using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Reporting.Exports;
using AutoShop.Functions.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using NodaTime;

namespace AutoShop.Functions.Reporting.Drops;

/// <summary>
/// Writes one shop-local day to the <c>exports</c> container: <c>{shopId}/{yyyy}/{MM}/{dd}/</c>
/// <c>audit.csv</c>, <c>appointments.csv</c>, <c>kpis.csv</c>, then <c>manifest.json</c>. Each CSV
/// is staged as blocks and committed at once, so a rerun replaces every file atomically and a reader
/// never sees half a file; the manifest goes last.
/// </summary>
public sealed class DailyDrop(StorageClients storage, AuditCsv audit, AppointmentsCsv appointments, ShopKpis kpis, TimeProvider clock)
{
    public const string Container = "exports";
    public const string ManifestName = "manifest.json";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Folder(ShopId shop, LocalDate date) =>
        string.Create(CultureInfo.InvariantCulture, $"{shop.Value}/{date.Year:D4}/{date.Month:D2}/{date.Day:D2}/");

    public async Task<DropManifest> WriteAsync(ShopSetup setup, LocalDate date, CancellationToken ct)
    {
        var shop = setup.Shop.Id;
        var period = ReportingPeriod.Day(date, setup.Shop.Zone);
        var report = await kpis.ComputeAsync(setup, period, ct);
        DropFile[] files =
        [
            await WriteCsvAsync(shop, date, "audit.csv", (csv, token) => audit.WriteAsync(csv, shop, period, token), ct),
            await WriteCsvAsync(shop, date, "appointments.csv", (csv, token) => appointments.WriteAsync(csv, shop, period, token), ct),
            await WriteCsvAsync(shop, date, "kpis.csv", (csv, token) => KpisCsv.WriteAsync(csv, report, token), ct),
        ];
        var manifest = new DropManifest(shop.Value, ReportingPeriod.Format(date), setup.Shop.Zone.Id,
            period.Start.ToString(), period.End.ToString(), Instant.FromDateTimeOffset(clock.GetUtcNow()).ToString(), files);
        await storage.Blobs.GetBlobContainerClient(Container).GetBlobClient(Folder(shop, date) + ManifestName).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(manifest, DropJsonContext.Default.DropManifest)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct);
        return manifest;
    }

    private async Task<DropFile> WriteCsvAsync(ShopId shop, LocalDate date, string name, Func<CsvWriter, CancellationToken, Task> write, CancellationToken ct)
    {
        var blob = storage.Blobs.GetBlobContainerClient(Container).GetBlockBlobClient(Folder(shop, date) + name);
        await using var staging = new BlockStagingStream(blob);
        long rows;
        await using (var text = new StreamWriter(staging, Utf8, 64 * 1024, leaveOpen: true))
        {
            var csv = new CsvWriter(text);
            await write(csv, ct);
            rows = csv.Rows;
        }
        var sha256 = await staging.CommitAsync(ExportFunctions.ContentType, ct);
        return new DropFile(name, rows, staging.BytesWritten, sha256);
    }
}
