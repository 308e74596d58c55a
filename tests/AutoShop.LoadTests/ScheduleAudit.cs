using System.Text.Json;
using Azure.Data.Tables;

namespace AutoShop.LoadTests;

/// <summary>What the schedule table holds after the run, read straight from storage.</summary>
public sealed record ScheduleFacts(int Appointments, int Holding, int DoubleBookings, IReadOnlyList<string> Examples,
    double MeanClaims, TableEntity? SampleAppointment, TableEntity? SampleAudit);

/// <summary>
/// Reads every appointment row and checks that no technician, bay or tool unit holds two
/// overlapping jobs that still occupy it (booked, checked in or completed).
/// </summary>
public static class ScheduleAudit
{
    private static readonly string[] Holding = ["Booked", "CheckedIn", "Completed"];

    public static async Task<ScheduleFacts> ReadAsync(TableServiceClient tables, CancellationToken ct)
    {
        var schedule = tables.GetTableClient("schedule");
        var jobs = new List<(string Resource, DateTimeOffset Start, DateTimeOffset End, string Id)>();
        int appointments = 0, holding = 0;
        long claims = 0;
        TableEntity? sample = null;
        await foreach (var row in schedule.QueryAsync<TableEntity>("RowKey ge 'appt|' and RowKey lt 'appt}'", cancellationToken: ct))
        {
            appointments++;
            sample ??= row;
            claims += row.GetString("ClaimKeys").Split(',').Length;
            if (!Holding.Contains(row.GetString("Status"))) continue;
            holding++;
            var shop = row.PartitionKey.Split('|')[0];
            var (start, end, id) = (row.GetDateTimeOffset("StartUtc")!.Value, row.GetDateTimeOffset("EndUtc")!.Value, row.RowKey);
            jobs.Add(($"{shop}/technician/{row.GetString("TechnicianId")}", start, end, id));
            jobs.Add(($"{shop}/bay/{row.GetString("BayId")}", start, end, id));
            using var document = JsonDocument.Parse(row.GetString("Document"));
            foreach (var tool in document.RootElement.GetProperty("tools").EnumerateArray())
                jobs.Add(($"{shop}/tool/{tool.GetProperty("type").GetString()}#{tool.GetProperty("index").GetInt32()}", start, end, id));
        }

        var examples = new List<string>();
        var overlaps = 0;
        foreach (var resource in jobs.GroupBy(j => j.Resource))
        {
            var ordered = resource.OrderBy(j => j.Start).ToList();
            var latest = ordered[0];
            foreach (var job in ordered.Skip(1))
            {
                if (job.Start < latest.End)
                {
                    overlaps++;
                    if (examples.Count < 5) examples.Add($"{resource.Key}: {latest.Id} {latest.Start:u}-{latest.End:u} overlaps {job.Id} {job.Start:u}-{job.End:u}");
                }
                if (job.End > latest.End) latest = job;
            }
        }

        TableEntity? audit = null;
        await foreach (var row in schedule.QueryAsync<TableEntity>("RowKey ge 'audit|' and RowKey lt 'audit}'", maxPerPage: 1, cancellationToken: ct))
        {
            audit = row;
            break;
        }
        return new ScheduleFacts(appointments, holding, overlaps, examples, appointments == 0 ? 0 : (double)claims / appointments, sample, audit);
    }
}
