using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Tests.Support;
using AutoShop.Testing.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>
/// Storage goes away and comes back (SIGTERM: Azurite flushes what it acknowledged) while bookings
/// are being made. Its own Azurite, persisted to disk, so the shared one is never restarted.
/// </summary>
public sealed class AzuriteRestartTests
{
    private const int Workers = 4;

    [Fact]
    public Task An_Azurite_restart_mid_run_loses_no_acknowledged_booking_and_no_outbox_event_and_leaves_nothing_half_written() =>
        BookThroughAsync(async (azurite, _, ct) => await azurite.RestartAsync(ct));

    [Fact]
    public Task Bookings_made_while_storage_is_down_answer_5xx_problem_details_and_leave_nothing_half_written() =>
        BookThroughAsync(async (azurite, answers, ct) =>
        {
            await azurite.StopAsync();
            // Down long enough for the SDK's retries to give up on requests in flight (bounded, not a sleep).
            await Eventually.Until(() => answers.Count(a => (int)a.Status >= 500) >= Workers, TimeSpan.FromSeconds(60), "requests fail while storage is down");
            await azurite.StartAsync(ct);
        }, expectFailures: true);

    private static async Task BookThroughAsync(
        Func<AzuriteServer, ConcurrentBag<Answer>, CancellationToken, Task> disrupt, bool expectFailures = false)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var azurite = new AzuriteServer(persistToDisk: true);
        await azurite.StartAsync(ct);
        // Without the fan-out, events stay on appointment-events where the test reads them itself.
        await using var shop = await BookingHarness.StartAsync(storage: azurite.ConnectionString,
            settings: new Dictionary<string, string?> { [$"AzureWebJobs:{FanOutAppointmentEvents.Name}:Disabled"] = "true" });
        using var client = shop.App.CreateClient();
        // Forty distinct oil-change slots (Tuesday to Friday, 09:00-13:30): each can be booked once, so
        // every refusal is storage's doing, never capacity's.
        var slots = new ConcurrentQueue<string>(
            from day in new[] { "01", "02", "03", "04" }
            from minutes in Enumerable.Range(0, 10)
            select $"2026-12-{day}T{9 + minutes / 2:D2}:{minutes % 2 * 30:D2}");
        var answers = new ConcurrentBag<Answer>();
        var disruptNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task WorkAsync()
        {
            while (slots.TryDequeue(out var start))
            {
                using var response = await BookingHarness.BookAsync(client, BookingRequests.Valid(start, "oil-change"));
                var text = await response.Content.ReadAsStringAsync(ct);
                var id = response.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(text).RootElement.GetProperty("id").GetString() : null;
                answers.Add(new Answer(start, response.StatusCode, response.Content.Headers.ContentType?.MediaType, id));
                if (answers.Count >= 10) disruptNow.TrySetResult();
            }
        }

        var work = Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync, ct)).ToList();
        await disruptNow.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        var answeredBefore = answers.Count;
        await disrupt(azurite, answers, ct);
        await Task.WhenAll(work);

        Assert.True(answers.Count > answeredBefore + Workers, $"only {answers.Count - answeredBefore} bookings were answered after the disruption began");
        if (expectFailures) Assert.Contains(answers, a => (int)a.Status >= 500);
        Assert.Equal(40, answers.Count);
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Created || ((int)a.Status >= 500 && a.MediaType == "application/problem+json"),
            $"{a.Start}: {(int)a.Status} {a.MediaType}"));
        var acknowledged = answers.Where(a => a.Id is not null).Select(a => a.Id!).ToHashSet();
        Assert.NotEmpty(acknowledged);

        var rows = await shop.ScheduleRowsAsync();
        var appointments = BookingHarness.WithPrefix(rows, "appt|");
        // Every acknowledged booking survived with all its claims and its audit row. A request that failed
        // may still have committed (its answer was lost with the emulator: an unknown outcome the client
        // resolves with Idempotency-Key) — but then completely, and only for a slot whose request failed.
        var stored = appointments.Select(a => a.RowKey["appt|".Length..]).ToHashSet();
        Assert.Superset(acknowledged, stored);
        var failedStarts = answers.Where(a => a.Id is null).Select(a => a.Start).ToHashSet();
        Assert.True(stored.Count - acknowledged.Count <= failedStarts.Count, "more unacknowledged bookings than failed requests");
        var claims = BookingHarness.WithPrefix(rows, "claim|").ToDictionary(c => (c.PartitionKey, c.RowKey["claim|".Length..]), c => c.GetString("AppointmentId"));
        foreach (var appointment in appointments)
        {
            var id = appointment.RowKey["appt|".Length..];
            var keys = appointment.GetString("ClaimKeys").Split(',');
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.Equal(id, claims.GetValueOrDefault((appointment.PartitionKey, k))));
        }
        Assert.Equal(claims.Count, appointments.Sum(a => a.GetString("ClaimKeys").Split(',').Length));
        Assert.Equal(stored.Order(), BookingHarness.WithPrefix(rows, "audit|").Select(a => a.GetString("AppointmentId")).Order());

        // Whatever the prompt relay could not publish, the sweep (every 30 s of the app's clock) does.
        var events = await Eventually.Until(async () =>
        {
            shop.Clock.Advance(TimeSpan.FromSeconds(30));
            return await shop.EventsAsync(EventQueues.AppointmentEvents);
        }, e => stored.All(id => e.Any(x => x.Id == $"{id}.v1")), TimeSpan.FromSeconds(60), "every stored booking's event is on the queue");
        Assert.All(events, e => Assert.Contains(e.Id[..^3], stored));
        await Eventually.Until(async () => BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(), "outbox|").Count, n => n == 0, because: "relayed rows leave the outbox");
        foreach (var id in acknowledged)
        {
            using var staff = shop.App.CreateStaffClient();
            using var found = await staff.GetAsync($"/api/appointments/{id}", ct);
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        }
    }

    private sealed record Answer(string Start, HttpStatusCode Status, string? MediaType, string? Id);
}
