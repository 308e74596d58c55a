using System.Diagnostics;
using System.Globalization;
using AutoShop.Functions.Events;
using AutoShop.Functions.Storage;
using AutoShop.Testing.Mail;
using AutoShop.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.NotifyBench;

/// <summary>
/// Notification fan-out benchmark: N appointment.created events through the real app (standalone
/// mode, in process) to MailDev, beside MailKit's own send rate to the same MailDev at the same
/// concurrency. Loopback only; every wait is bounded.
/// </summary>
internal static class NotifyBench
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the working directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        using var cancel = new CancellationTokenSource(options.Timeout);
        var ct = cancel.Token;
        Console.WriteLine($"events={options.Events} concurrency={options.Concurrency} rate={(options.Rate == 0 ? "burst" : options.Rate + "/s")} reminders={(options.Reminders ? "on" : "off")} cores={Environment.ProcessorCount}");

        if (args.Contains("--render-only"))
        {
            var w = Stopwatch.StartNew();
            for (var k = 0; k < 300; k++) RawSmtp.SampleMessage($"x{k}@example.com");
            Console.WriteLine($"render+ics: {w.Elapsed.TotalMilliseconds / 300:0.0} ms each");
            w.Restart();
            var ctx = AutoShop.Domain.Notifications.SampleData.Context(AutoShop.Domain.Notifications.MessageKind.Confirmation, AutoShop.Domain.Notifications.Language.En);
            var r = new AutoShop.Domain.Notifications.TemplateRenderer(TimeProvider.System);
            for (var k = 0; k < 300; k++) r.Render(ctx, AutoShop.Domain.Notifications.Channel.Email);
            Console.WriteLine($"render: {w.Elapsed.TotalMilliseconds / 300:0.0} ms each");
            w.Restart();
            var cal = new AutoShop.Domain.Notifications.CalendarInvite(TimeProvider.System);
            for (var k = 0; k < 300; k++) cal.Create(ctx, "x@example.com");
            Console.WriteLine($"ics: {w.Elapsed.TotalMilliseconds / 300:0.0} ms each");
            return 0;
        }
        // One emulator process per storage service, as Azure serves them from separate front ends.
        await using var azurite = new AzuriteServer(processPerService: true);
        await using var maildev = new MailDevServer();
        await Task.WhenAll(azurite.StartAsync(ct), maildev.StartAsync(ct));

        var rawReused = await RawSmtp.MessagesPerSecondAsync(maildev.SmtpPort, options.Events, options.Concurrency, reuseConnection: true, ct);
        Console.WriteLine(Invariant($"raw MailKit -> MailDev, connections kept open:   {rawReused,8:0.0} msg/s"));
        var rawPerMessage = await RawSmtp.MessagesPerSecondAsync(maildev.SmtpPort, options.Events, options.Concurrency, reuseConnection: false, ct);
        Console.WriteLine(Invariant($"raw MailKit -> MailDev, one connection per message: {rawPerMessage,8:0.0} msg/s"));
        await maildev.Client.DeleteAllAsync(ct);

        var recorder = new SendRecorder();
        await using var app = new BenchApp(azurite.ConnectionString, maildev.SmtpPort, recorder, options.Reminders);
        await app.Services.GetRequiredService<StorageProvisioner>().Ready.WaitAsync(ct);
        var seeding = Stopwatch.StartNew();
        var events = await BenchSeed.AppointmentsAsync(app.Services, options.Events, ct);
        Console.WriteLine(Invariant($"seeded {events.Count} appointments in {seeding.Elapsed.TotalSeconds:0.0} s"));

        // Publish every event onto the inbound queue the outbox relay would use; the app fans them out itself.
        var publisher = app.Services.GetRequiredService<IEventPublisher>();
        var cpuBefore = CpuTimes(azurite, maildev);
        var publishedAt = new TimeSpan[events.Count];
        var start = recorder.Clock.Elapsed;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < events.Count)
            {
                if (options.Rate > 0)
                {
                    // Paced: event i goes out at i/rate seconds, as bookings arriving over time would.
                    var due = start + TimeSpan.FromSeconds((double)i / options.Rate);
                    if (due > recorder.Clock.Elapsed) await Task.Delay(due - recorder.Clock.Elapsed, ct);
                }
                var before = recorder.Clock.Elapsed;
                await publisher.PublishAsync(EventQueues.AppointmentEvents, events[i], ct);
                publishedAt[i] = before;
            }
        }));
        Console.WriteLine(Invariant($"published {events.Count} events in {(recorder.Clock.Elapsed - start).TotalSeconds:0.0} s"));

        var lastReport = recorder.Clock.Elapsed;
        while (recorder.Count < events.Count)
        {
            ct.ThrowIfCancellationRequested();
            await Task.Delay(250, ct);
            if (recorder.Clock.Elapsed - lastReport < TimeSpan.FromSeconds(15)) continue;
            lastReport = recorder.Clock.Elapsed;
            Console.WriteLine(Invariant($"  {recorder.Count} emails sent after {(lastReport - start).TotalSeconds:0} s"));
        }
        var cpuAfter = CpuTimes(azurite, maildev);
        var end = recorder.SentAt.Values.Max();
        var delays = events.Select((e, i) => recorder.SentAt[$"bench-{i}@example.com"] - publishedAt[i]).Order().ToList();
        var appRate = events.Count / (end - start).TotalSeconds;
        // Only the app's recipients count: a raw-phase message MailDev stored after the clear is not the app's.
        var stored = await maildev.Client.ListEmailsAsync(ct);
        var toApp = stored.SelectMany(e => e.To).Select(a => a.Address).Where(a => a.StartsWith("bench-", StringComparison.OrdinalIgnoreCase)).ToList();
        var repeated = toApp.GroupBy(a => a, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Console.WriteLine(Invariant($"app: {events.Count} events -> {recorder.Count} emails sent ({toApp.Count} to the app's recipients in MailDev, {stored.Count - toApp.Count} other) in {(end - start).TotalSeconds:0.0} s"));
        if (repeated.Count > 0) Console.WriteLine($"recipients who got more than one email: {string.Join(", ", repeated.Take(10))}");
        Console.WriteLine(Invariant($"app throughput:               {appRate,8:0.0} msg/s = {100 * appRate / rawReused:0}% of raw (kept-open), {100 * appRate / rawPerMessage:0}% of raw (per-message connect)"));
        Console.WriteLine(Invariant($"event-to-send delay: p50 {Percentile(delays, 0.50).TotalSeconds:0.00} s, p99 {Percentile(delays, 0.99).TotalSeconds:0.00} s, max {delays[^1].TotalSeconds:0.00} s"));
        // Where the two cores went while the events were handled (from publishing to the last send).
        Console.WriteLine("CPU per event: " + string.Join(", ", cpuAfter.Select(p =>
            Invariant($"{p.Key} {(p.Value - cpuBefore.GetValueOrDefault(p.Key)).TotalMilliseconds / events.Count:0.0} ms"))));
        return 0;
    }

    /// <summary>CPU used so far by this process (the app and the bench's own bookkeeping), each emulator process and MailDev.</summary>
    private static Dictionary<string, TimeSpan> CpuTimes(AzuriteServer azurite, MailDevServer maildev)
    {
        var times = new Dictionary<string, TimeSpan> { ["app"] = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime };
        foreach (var (service, time) in azurite.CpuTimes()) times[service] = time;
        times["maildev"] = maildev.CpuTime;
        return times;
    }

    private static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
