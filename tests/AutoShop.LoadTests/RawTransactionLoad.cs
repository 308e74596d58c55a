using System.Diagnostics;
using Azure.Data.Tables;

namespace AutoShop.LoadTests;

public sealed record RawLoadResult(TimeSpan Elapsed, int Committed, int Failed, Latencies Latency, int EntitiesPerTransaction, int BytesPerTransaction)
{
    public double PerSecond => Committed / Elapsed.TotalSeconds;
}

/// <summary>
/// The storage ceiling to compare booking against: entity-group transactions shaped like a booking's
/// (the appointment row, its claim rows, an audit row and an outbox row, with the same properties and
/// value sizes) inserted by the same number of concurrent writers, with nothing else around them.
/// </summary>
public static class RawTransactionLoad
{
    /// <summary>Shop-days a booking run spreads over (two shops, sixty days).</summary>
    private const int Partitions = 120;

    public static async Task<RawLoadResult> RunAsync(TableServiceClient tables, TableEntity appointment, TableEntity audit, string eventJson,
        int claims, LoadOptions options, CancellationToken ct)
    {
        var table = tables.GetTableClient("rawbench" + Guid.NewGuid().ToString("n")[..8]);
        await table.CreateIfNotExistsAsync(ct);
        var randoms = Enumerable.Range(0, options.Clients).Select(w => new Random(options.Seed + 1000 + w)).ToArray();
        var latency = new Latencies();
        var committed = 0;
        var failed = 0;
        var shape = Batch("p", appointment, audit, eventJson, claims);

        var elapsed = await ClosedLoop.RunAsync(options.Clients, options.Duration, options.MaxRequests, async w =>
        {
            var batch = Batch($"shop|{randoms[w].Next(Partitions):D3}", appointment, audit, eventJson, claims);
            var watch = Stopwatch.StartNew();
            try
            {
                await table.SubmitTransactionAsync(batch, ct);
                latency.Add(watch.Elapsed);
                Interlocked.Increment(ref committed);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException)
            {
                Interlocked.Increment(ref failed);
            }
        }, ct);

        return new RawLoadResult(elapsed, committed, failed, latency, shape.Count, shape.Sum(a => Size((TableEntity)a.Entity)));
    }

    private static List<TableTransactionAction> Batch(string partition, TableEntity appointment, TableEntity audit, string eventJson, int claims)
    {
        var id = Guid.NewGuid().ToString("n");
        var actions = new List<TableTransactionAction> { Add(Copy(appointment, partition, "appt|" + id)) };
        for (var i = 0; i < claims; i++)
            actions.Add(Add(new TableEntity(partition, $"claim|tech_technician-{i:D3}_{id}") { ["AppointmentId"] = id }));
        actions.Add(Add(Copy(audit, partition, $"audit|{Stopwatch.GetTimestamp():D19}|{id}|000001")));
        actions.Add(Add(new TableEntity(partition, $"outbox|{id}.v1") { ["Event"] = eventJson, ["WrittenAt"] = DateTimeOffset.UnixEpoch }));
        return actions;
    }

    private static TableTransactionAction Add(TableEntity entity) => new(TableTransactionActionType.Add, entity);

    /// <summary>The same properties and values as a real row of the booking run, under new keys.</summary>
    private static TableEntity Copy(TableEntity template, string partition, string rowKey)
    {
        var copy = new TableEntity(partition, rowKey);
        foreach (var (key, value) in template)
            if (key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) copy[key] = value;
        return copy;
    }

    private static int Size(TableEntity entity) => entity.Sum(p => p.Key.Length + (p.Value?.ToString()?.Length ?? 0));
}
