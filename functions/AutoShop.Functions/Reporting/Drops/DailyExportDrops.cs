using Azure;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Storage;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Reporting.Drops;

/// <summary>
/// Every 15 minutes: for each shop whose local clock is past the drop time, drops every day from the
/// one after its "last dropped day" marker up to yesterday (so days missed while the app was down
/// are caught up), advancing the marker after each. One shop's storage failure does not stop the others.
/// </summary>
public sealed partial class DailyExportDrops(
    IShopStore shops, DailyDrop drop, StorageClients storage, TimeProvider clock, IOptions<ReportingOptions> options,
    ILogger<DailyExportDrops> logger)
{
    public const string Name = "DropDailyExports";
    public const string Schedule = "0 */15 * * * *";
    public const string MarkerTable = "exportdrops";
    private const string MarkerKey = "daily";

    private TableClient Markers => storage.Tables.GetTableClient(MarkerTable);

    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        foreach (var summary in await shops.ListAsync(cancellationToken))
        {
            try
            {
                await DropShopAsync(ShopId.Parse(summary.Id), cancellationToken);
            }
            catch (RequestFailedException ex)
            {
                LogShopFailed(logger, ex, summary.Id);
            }
        }
    }

    /// <summary>Drops the shop's due days; returns the days written.</summary>
    public async Task<IReadOnlyList<LocalDate>> DropShopAsync(ShopId shop, CancellationToken ct)
    {
        var setup = await shops.GetAsync(shop, ct) ?? throw new InvalidOperationException($"Shop '{shop}' is listed but has no setup.");
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(setup.Shop.Zone).LocalDateTime;
        var due = DailyDropSchedule.DueDays(now, options.Value.DropTime, await LastDroppedAsync(shop, ct), options.Value.MaxCatchUpDays);
        foreach (var day in due)
        {
            var manifest = await drop.WriteAsync(setup, day, ct);
            await Markers.UpsertEntityAsync(new TableEntity(shop.Value, MarkerKey) { ["LastDroppedDay"] = manifest.Date }, TableUpdateMode.Replace, ct);
            LogDropped(logger, shop.Value, manifest.Date, manifest.Files.Sum(f => f.Rows));
        }
        return due;
    }

    public async Task<LocalDate?> LastDroppedAsync(ShopId shop, CancellationToken ct)
    {
        var row = await Markers.GetEntityIfExistsAsync<TableEntity>(shop.Value, MarkerKey, cancellationToken: ct);
        return row.HasValue && row.Value?.GetString("LastDroppedDay") is { } text && LocalDatePattern.Iso.Parse(text) is { Success: true } parsed
            ? parsed.Value : null;
    }

    [LoggerMessage(LogLevel.Information, "Dropped the exports of shop {ShopId} for {Date} ({Rows} rows)")]
    private static partial void LogDropped(ILogger logger, string shopId, string date, long rows);

    [LoggerMessage(LogLevel.Error, "Daily export drop of shop {ShopId} failed; it is retried on the next run")]
    private static partial void LogShopFailed(ILogger logger, Exception exception, string shopId);
}
