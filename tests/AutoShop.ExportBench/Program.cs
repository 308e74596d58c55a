using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Reporting;
using AutoShop.ExportBench;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Reporting.Exports;
using AutoShop.Functions.Storage;
using AutoShop.Testing.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

// Audit CSV export throughput and memory, beside the raw query rate of the same rows, in one run:
//  1. Azurite (seeded with 100-entity batch inserts): --azurite-rows, default 10,000 and 40,000 links.
//     Azurite 3.35 cannot go much further in one partition: its inserts and its query pages cost time
//     in proportion to the partition/table size (see README), so a million would take days to seed.
//  2. A synthetic loopback Table endpoint that generates the links on the fly: --rows (default
//     1,000,000) and --small (default 100,000), the same SDK paging and export code, no emulator limits.
//   dotnet run -c Release --project tests/AutoShop.ExportBench -- --rows 1000000 [--small 100000] [--azurite-rows 10000,40000]
var rows = LongArg("--rows", 1_000_000);
var small = LongArg("--small", 100_000);
var azuriteRows = (Arg("--azurite-rows") ?? "10000,40000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).Where(n => n > 0).ToList();
var parallel = (int)LongArg("--parallel", 8);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;
var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
var period = ReportingPeriod.Day(new LocalDate(2026, 11, 23), zone);
var day = new Interval(period.Start, period.End);
var results = new List<string>();

if (azuriteRows.Count > 0)
{
    await using var azurite = new AzuriteServer();
    Environment.SetEnvironmentVariable("NODE_OPTIONS", "--max-old-space-size=8192");
    Console.WriteLine("Starting Azurite (in memory)…");
    await azurite.StartAsync(ct);
    var storage = Clients(azurite.ConnectionString);
    var table = storage.Tables.GetTableClient(AuditChainRows.Table);
    await table.CreateIfNotExistsAsync(ct);
    foreach (var count in azuriteRows)
    {
        var ledger = new LedgerRows(ShopId.Parse($"bench-{count}"), zone, day, count);
        var seeding = Stopwatch.StartNew();
        await LedgerSeeder.SeedAsync(table, ledger, parallel, ct);
        Console.WriteLine($"Azurite: seeded {count:N0} links in {seeding.Elapsed.TotalSeconds:0.0} s ({count / seeding.Elapsed.TotalSeconds:N0} rows/s)");
        results.Add(await MeasureAsync("Azurite", storage, ledger.Shop, count));
    }
}

var synthetic = new[] { small, rows }.Distinct().Select(n => new LedgerRows(ShopId.Parse($"bench-{n}"), zone, day, n)).ToList();
await using (var server = new SyntheticTableServer(synthetic))
{
    var storage = Clients(server.ConnectionString);
    foreach (var ledger in synthetic) results.Add(await MeasureAsync("synthetic", storage, ledger.Shop, ledger.Count));
}

Console.WriteLine();
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores; rows/s; peaks sampled every 20 ms after a full GC: managed heap / working set, MiB");
Console.WriteLine("| source    |      rows | raw query rows/s | CSV export rows/s | CSV MiB | query peak MiB  | export peak MiB |");
Console.WriteLine("|-----------|-----------|------------------|-------------------|---------|-----------------|-----------------|");
results.ForEach(Console.WriteLine);
Console.WriteLine($"Process peak working set over the whole run: {Mb(Process.GetCurrentProcess().PeakWorkingSet64):N1} MiB");
return 0;

async Task<string> MeasureAsync(string source, StorageClients storage, ShopId shop, long count)
{
    var table = storage.Tables.GetTableClient(AuditChainRows.Table);
    var (rawRows, raw, rawMemory) = await PhaseAsync(async () =>
    {
        long n = 0;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {shop.Value} and RowKey ge {"0"} and RowKey lt {":"} and AtUtc ge {period.Start.ToDateTimeOffset()} and AtUtc lt {period.End.ToDateTimeOffset()}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, cancellationToken: ct).AsPages())
            n += page.Values.Count;
        return n;
    });
    var sink = new CountingStream();
    var (csvRows, export, exportMemory) = await PhaseAsync(async () =>
    {
        await using var text = new StreamWriter(sink, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var csv = new CsvWriter(text);
        await new AuditCsv(new TableAuditLedger(storage)).WriteAsync(csv, shop, period, ct);
        await text.FlushAsync(ct);
        return csv.Rows;
    });
    if (rawRows != count || csvRows != count)
        throw new InvalidOperationException($"Expected {count} rows; the raw query read {rawRows}, the export wrote {csvRows}.");
    var line = string.Create(CultureInfo.InvariantCulture,
        $"| {source,-9} | {count,9:N0} | {count / raw.TotalSeconds,16:N0} | {count / export.TotalSeconds,17:N0} | {Mb(sink.Length),7:N1} | {Mb(rawMemory.PeakManagedBytes),6:N1} / {Mb(rawMemory.PeakWorkingSetBytes),6:N1} | {Mb(exportMemory.PeakManagedBytes),6:N1} / {Mb(exportMemory.PeakWorkingSetBytes),6:N1} |");
    Console.WriteLine(line);
    return line;
}

async Task<(long Rows, TimeSpan Elapsed, MemorySampler Memory)> PhaseAsync(Func<Task<long>> phase)
{
    var memory = MemorySampler.Start();
    var watch = Stopwatch.StartNew();
    long n;
    await using (memory) n = await phase();
    return (n, watch.Elapsed, memory);
}

static StorageClients Clients(string connectionString) => new(Options.Create(new StorageOptions { ConnectionString = connectionString }), Options.Create(new StorageResilienceOptions()));

static double Mb(long bytes) => bytes / 1048576.0;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

long LongArg(string name, long fallback) => Arg(name) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;

/// <summary>A write-only sink that counts bytes: the export's own cost, with no disk or network behind it.</summary>
internal sealed class CountingStream : Stream
{
    private long length;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => length;
    public override long Position { get => length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => length += count;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        length += buffer.Length;
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
