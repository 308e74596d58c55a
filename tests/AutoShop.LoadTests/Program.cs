using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoShop.LoadTests;
using AutoShop.Testing.Mail;
using AutoShop.Testing.Storage;
using Azure.Data.Tables;

// Bounded loopback load: the real app against its own Azurite, then raw storage transactions of the
// same shape for the same time. Stops by itself after --seconds (or --max-requests) per phase.
//   dotnet run -c Release --project tests/AutoShop.LoadTests -- --seconds 30 --clients 32
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = LoadOptions.Parse(args);
using var stop = new CancellationTokenSource(options.Duration * 4 + TimeSpan.FromMinutes(3));
var ct = stop.Token;

await using var azurite = new AzuriteServer(processPerService: !options.SingleAzurite);
await azurite.StartAsync(ct);
// The app refuses to start without an SMTP relay; its confirmations go to a real MailDev.
await using var maildev = new MailDevServer();
await maildev.StartAsync(ct);
var work = Directory.CreateTempSubdirectory("autoshop-load-");
using var removeWork = new DeleteOnDispose(work);
var (seedPath, shopIds) = SeedFile.Write(work.FullName, options.ShopCopies);
await using var app = await AppProcess.StartAsync(options.AppPath ?? AppProcess.DefaultPath, azurite.ConnectionString, maildev.SmtpPort, seedPath, shopIds, options.AppSettings, ct);
using var client = app.CreateClient(options.Clients);
var slots = await SlotPicker.LoadAsync(client, TimeProvider.System, ct);
Console.WriteLine($"app {app.BaseAddress} | {options.Clients} clients | {options.Seconds} s per phase | {slots.Shops.Count} shops: " +
    string.Join(", ", slots.Shops.Take(2).Select(s => $"{s.Id} ({string.Join(' ', s.Services.Select(x => x.Code))})")) + (slots.Shops.Count > 2 ? ", ..." : ""));

var azuriteCpu = ProcessCpu.Find(c => c.Contains("azurite", StringComparison.Ordinal) && c.Contains($"--tablePort {azurite.TablePort} ", StringComparison.Ordinal));
var appCpu = new ProcessCpu(app.Id);
var warmup = await BookingLoad.RunAsync(client, slots, options.Warmup, ct);
var (booking, bookingAzurite, bookingApp) = await ProcessCpu.MeasureAsync(azuriteCpu, appCpu, () => BookingLoad.RunAsync(client, slots, options, ct));
var tables = new TableServiceClient(azurite.ConnectionString);
var facts = await ScheduleAudit.ReadAsync(tables, ct);
if (facts.SampleAppointment is null || facts.SampleAudit is null)
{
    Console.Error.WriteLine($"No booking succeeded; samples: {string.Join(Environment.NewLine, booking.Samples)}{Environment.NewLine}{app.RecentOutput}");
    return 1;
}
var eventJson = await EventLikeAsync(app, facts.SampleAppointment.RowKey["appt|".Length..], ct);
await RawTransactionLoad.RunAsync(tables, facts.SampleAppointment, facts.SampleAudit, eventJson, (int)Math.Round(facts.MeanClaims), options.Warmup, ct);
var (raw, rawAzurite, _) = await ProcessCpu.MeasureAsync(azuriteCpu, null, () => RawTransactionLoad.RunAsync(tables, facts.SampleAppointment, facts.SampleAudit, eventJson,
    (int)Math.Round(facts.MeanClaims), options, ct));

Console.WriteLine();
Console.WriteLine("booking (POST /api/appointments, real app, standalone)");
Console.WriteLine($"  requests        {booking.Requests} in {booking.Elapsed.TotalSeconds:0.0} s = {booking.RequestsPerSecond:0.0}/s");
Console.WriteLine($"  bookings (201)  {booking.Created} = {booking.CreatedPerSecond:0.0}/s");
Console.WriteLine($"  409 slot taken  {booking.Conflicts} = {Percent(booking.Conflicts, booking.Requests)}");
Console.WriteLine($"  other answers   {(booking.Others.Count == 0 ? "none" : string.Join(", ", booking.Others.Select(o => $"{o.Key}x{o.Value}")))}; transport failures {booking.Failures}");
Console.WriteLine($"  latency         p50 {booking.Latency.Percentile(50):0.0} ms, p99 {booking.Latency.Percentile(99):0.0} ms; answers/s per 5 s: {booking.Latency.PerWindow}");
Console.WriteLine($"  stored          {facts.Appointments} appointments ({warmup.Created} from the {options.WarmupSeconds} s warm-up) ({facts.Holding} holding resources), {facts.MeanClaims:0.0} claims each on average");
Console.WriteLine($"  CPU             Azurite {PerItem(bookingAzurite, booking.Requests)} per answer ({PerItem(bookingAzurite, booking.Created)} per 201), app {PerItem(bookingApp, booking.Requests)} per answer");
Console.WriteLine($"  double bookings {facts.DoubleBookings}");
var eventsWaiting = options.ApiOnly ? await CountEventsAsync(azurite.ConnectionString, ct) : (int?)null;
if (eventsWaiting is { } waiting)
    Console.WriteLine($"  events queued   {waiting} on appointment-events for {facts.Appointments} stored appointments (consumers off: must be equal)");
foreach (var line in booking.Samples.Concat(facts.Examples)) Console.WriteLine($"    {line}");
Console.WriteLine("raw Azurite entity-group transactions of the same shape");
Console.WriteLine($"  transactions    {raw.Committed} in {raw.Elapsed.TotalSeconds:0.0} s = {raw.PerSecond:0.0}/s ({raw.EntitiesPerTransaction} entities, ~{raw.BytesPerTransaction / 1024.0:0.0} KiB each; {raw.Failed} failed)");
Console.WriteLine($"  latency         p50 {raw.Latency.Percentile(50):0.0} ms, p99 {raw.Latency.Percentile(99):0.0} ms; per 5 s: {raw.Latency.PerWindow}");
Console.WriteLine($"  CPU             Azurite {PerItem(rawAzurite, raw.Committed)} per transaction");
var ratio = booking.CreatedPerSecond / raw.PerSecond;
Console.WriteLine($"ratio             bookings/s ÷ raw transactions/s = {ratio:P0} (target ≥ 60%); all booking answers/s ÷ raw = {booking.RequestsPerSecond / raw.PerSecond:P0}");
Console.WriteLine($"mode              {(options.ApiOnly ? "booking API only (event consumers off)" : "whole app (event consumers on, same process and emulator)")}"
    + (options.TakeAlternatives ? "; a refused customer books the first alternative offered" : "; random slots only"));
return facts.DoubleBookings == 0 && warmup.Created + booking.Created == facts.Appointments && (eventsWaiting ?? facts.Appointments) == facts.Appointments ? 0 : 2;

// Every booking's event, relayed once from its outbox row; nothing consumes them in --api-only runs.
static async Task<int> CountEventsAsync(string connectionString, CancellationToken ct)
{
    var queue = new Azure.Storage.Queues.QueueClient(connectionString, "appointment-events");
    return (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
}

static string PerItem(TimeSpan? cpu, int count) => cpu is { } c && count > 0 ? $"{c.TotalMilliseconds / count:0.00} ms" : "-";

static string Percent(int part, int whole) => whole == 0 ? "-" : (part / (double)whole).ToString("P1", CultureInfo.InvariantCulture);

// The outbox row holds the CloudEvent of the booking: the appointment as the API shows it, in an envelope.
static async Task<string> EventLikeAsync(AppProcess app, string appointmentId, CancellationToken ct)
{
    using var staff = app.CreateClient(1);
    staff.DefaultRequestHeaders.Add("X-Api-Key", AppProcess.StaffKey);
    var appointment = await staff.GetFromJsonAsync<JsonElement>($"/api/appointments/{appointmentId}", ct);
    return new JsonObject
    {
        ["specversion"] = "1.0",
        ["id"] = $"{appointmentId}.v1",
        ["source"] = "/shops/" + appointment.GetProperty("shopId").GetString(),
        ["type"] = "appointment.created",
        ["subject"] = $"appointments/{appointmentId}",
        ["time"] = appointment.GetProperty("createdAt").GetString(),
        ["datacontenttype"] = "application/json",
        ["correlationid"] = "0af7651916cd43dd8448eb211c80319c",
        ["data"] = new JsonObject
        {
            ["change"] = "booked",
            ["appointment"] = JsonNode.Parse(appointment.GetRawText()),
            ["actor"] = new JsonObject { ["kind"] = "customer", ["id"] = appointment.GetProperty("customer").GetProperty("email").GetString() },
        },
    }.ToJsonString();
}

/// <summary>The run's temporary folder (the generated seed) goes when the run ends, however it ends.</summary>
internal sealed class DeleteOnDispose(DirectoryInfo folder) : IDisposable
{
    public void Dispose() => folder.Delete(recursive: true);
}
