using Microsoft.Azure.Functions.Worker;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Reporting.Drops;
using AutoShop.Functions.Reporting.Exports;
using AutoShop.Functions.Shops;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace AutoShop.Functions.Tests.Reporting;

/// <summary>
/// The daily drop, driven by a fake clock and called directly (the app's timers are taken out of
/// these apps so no background occurrence races the test). The New York shop starts on Mon 23 Nov
/// 2026 at 09:00 local.
/// </summary>
public sealed class DailyDropTests : IAsyncLifetime
{
    private static readonly DateTimeOffset MondayNine = new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);
    private ShopScenario scenario = null!;

    public async ValueTask InitializeAsync() =>
        scenario = await ShopScenario.StartAsync(MondayNine, services: s =>
        {
            foreach (var timers in s.Where(d => d.ImplementationType == typeof(LocalHost.Timers.TimerScheduler)).ToList()) s.Remove(timers);
        });

    public ValueTask DisposeAsync() => scenario.DisposeAsync();

    private DailyExportDrops Timer => ActivatorUtilities.CreateInstance<DailyExportDrops>(scenario.App.Services);
    private BlobContainerClient Container => new BlobServiceClient(scenario.Storage).GetBlobContainerClient(DailyDrop.Container);
    private static readonly ShopId NewYork = ShopId.Parse(ShopScenario.NewYork);

    private void SetNewYorkTime(int day, int hour, int minute = 0) =>
        scenario.Clock.SetUtcNow(new DateTimeOffset(2026, 11, day, hour + 5, minute, 0, TimeSpan.Zero));

    private async Task<List<string>> FilesAsync(string folder)
    {
        var names = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, folder, TestContext.Current.CancellationToken)) names.Add(blob.Name[folder.Length..]);
        return names;
    }

    private async Task<byte[]> ReadAsync(string name) =>
        (await Container.GetBlobClient(name).DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToArray();

    private async Task<DropManifest> ManifestAsync(string folder) =>
        JsonSerializer.Deserialize(await ReadAsync(folder + DailyDrop.ManifestName), DropJsonContext.Default.DropManifest)!;

    /// <summary>Every file the manifest lists has exactly the bytes, hash and data rows it says.</summary>
    private async Task<Dictionary<string, CsvTable>> VerifiedFilesAsync(string folder, DropManifest manifest)
    {
        var tables = new Dictionary<string, CsvTable>();
        foreach (var file in manifest.Files)
        {
            var bytes = await ReadAsync(folder + file.Name);
            Assert.Equal((file.Bytes, file.Sha256), ((long)bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            tables[file.Name] = CsvTable.Parse(Encoding.UTF8.GetString(bytes));
            Assert.Equal(file.Rows, tables[file.Name].Rows.Count);
            var blocks = await Container.GetBlockBlobClient(folder + file.Name).GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Empty(blocks.Value.UncommittedBlocks); // nothing staged is left behind
        }
        return tables;
    }

    [Fact]
    public async Task The_previous_local_day_is_dropped_as_three_csvs_and_a_manifest_of_their_rows_and_hashes()
    {
        var a = await scenario.BookAsync("2026-11-23T11:30", notes: "=cmd|' /C calc'!A0");
        await scenario.BookAsync("2026-11-24T10:00");
        scenario.Clock.Advance(TimeSpan.FromHours(3));
        await scenario.ChangeAsync(a, "no-show", "no-show");
        await scenario.WaitForLedgerAsync(3);

        SetNewYorkTime(day: 24, hour: 1, minute: 59);
        await Timer.RunAsync(new TimerInfo(), TestContext.Current.CancellationToken);
        Assert.Empty(await FilesAsync("queens-blvd/2026/11/23/")); // not yet 02:00 in New York
        SetNewYorkTime(day: 24, hour: 2, minute: 15);
        await Timer.RunAsync(new TimerInfo(), TestContext.Current.CancellationToken);

        const string folder = "queens-blvd/2026/11/23/";
        Assert.Equal(["appointments.csv", "audit.csv", "kpis.csv", "manifest.json"], (await FilesAsync(folder)).Order());
        var manifest = await ManifestAsync(folder);
        Assert.Equal(("queens-blvd", "2026-11-23", "America/New_York"), (manifest.ShopId, manifest.Date, manifest.TimeZone));
        Assert.Equal(["audit.csv", "appointments.csv", "kpis.csv"], manifest.Files.Select(f => f.Name));
        var files = await VerifiedFilesAsync(folder, manifest);
        Assert.Equal((3L, 1L), (manifest.Files[0].Rows, manifest.Files[1].Rows)); // a booked, b booked, a no-show · a
        Assert.Equal(AuditCsv.Columns, files["audit.csv"].Header);
        Assert.Equal("'=cmd|' /C calc'!A0", files["appointments.csv"].Column("notes").Single());
        Assert.Equal(new LocalDate(2026, 11, 23), await Timer.LastDroppedAsync(NewYork, TestContext.Current.CancellationToken));
        // Phoenix (UTC-7) is at 00:15: its Monday is not due yet, so its first drop is the latest due day, Sunday
        Assert.Empty(await FilesAsync("camelback/2026/11/23/"));
        Assert.Contains(DailyDrop.ManifestName, await FilesAsync("camelback/2026/11/22/"));
    }

    [Fact]
    public async Task Rerunning_a_day_replaces_its_files_in_place_and_changes_nothing_when_the_data_did_not()
    {
        var a = await scenario.BookAsync("2026-11-23T11:30");
        scenario.Clock.Advance(TimeSpan.FromHours(3));
        await scenario.ChangeAsync(a, "no-show", "no-show");
        await scenario.WaitForLedgerAsync(2);
        var drop = scenario.App.Services.GetRequiredService<DailyDrop>();
        var setup = (await scenario.App.Services.GetRequiredService<IShopStore>().GetAsync(NewYork, TestContext.Current.CancellationToken))!;
        const string folder = "queens-blvd/2026/11/23/";

        var first = await drop.WriteAsync(setup, new LocalDate(2026, 11, 23), TestContext.Current.CancellationToken);
        var again = await drop.WriteAsync(setup, new LocalDate(2026, 11, 23), TestContext.Current.CancellationToken);

        Assert.Equal(first.Files, again.Files);
        Assert.Equal(4, (await FilesAsync(folder)).Count);

        await scenario.BookAsync("2026-11-23T15:00", name: "Late Booker");
        await scenario.WaitForLedgerAsync(3);
        var changed = await drop.WriteAsync(setup, new LocalDate(2026, 11, 23), TestContext.Current.CancellationToken);

        Assert.Equal((3L, 2L), (changed.Files[0].Rows, changed.Files[1].Rows));
        Assert.NotEqual(first.Files[1].Sha256, changed.Files[1].Sha256);
        var stored = await ManifestAsync(folder);
        Assert.Equal(changed.Files, stored.Files);
        Assert.Equal((changed.Date, changed.GeneratedAt), (stored.Date, stored.GeneratedAt));
        var files = await VerifiedFilesAsync(folder, changed);
        Assert.Contains("Late Booker", files["appointments.csv"].Column("customer_name"));
        Assert.Equal(4, (await FilesAsync(folder)).Count);
    }

    [Fact]
    public async Task Days_missed_while_the_app_was_down_are_all_dropped_on_the_next_run()
    {
        SetNewYorkTime(day: 24, hour: 3);
        Assert.Equal([new LocalDate(2026, 11, 23)], await Timer.DropShopAsync(NewYork, TestContext.Current.CancellationToken));

        SetNewYorkTime(day: 27, hour: 2, minute: 30); // three days later
        var caughtUp = await Timer.DropShopAsync(NewYork, TestContext.Current.CancellationToken);

        Assert.Equal([new LocalDate(2026, 11, 24), new LocalDate(2026, 11, 25), new LocalDate(2026, 11, 26)], caughtUp);
        foreach (var day in new[] { 24, 25, 26 })
        {
            var folder = $"queens-blvd/2026/11/{day}/";
            await VerifiedFilesAsync(folder, await ManifestAsync(folder));
        }
        Assert.Equal(new LocalDate(2026, 11, 26), await Timer.LastDroppedAsync(NewYork, TestContext.Current.CancellationToken));
        scenario.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Empty(await Timer.DropShopAsync(NewYork, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_drop_is_a_timer_function_every_15_minutes()
    {
        await using var app = new Support.AutoShopApp(Support.TestStorage.NewAccount());

        var drop = app.Services.GetRequiredService<FunctionCatalog>().Functions.Single(f => f.Name == DailyExportDrops.Name);

        Assert.Equal(new TimerFunctionTrigger("0 */15 * * * *"), drop.Trigger);
    }
}
