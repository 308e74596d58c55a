using System.Net;
using System.Text.Json;
using AutoShop.Functions.Events;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Tests.Support;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>
/// A booking whose transaction storage applied but whose reply never came back in time: the client gets a 503
/// (never a success it cannot trust), and its retry with the same <c>Idempotency-Key</c> answers the appointment
/// that was written instead of booking the customer a second time.
/// </summary>
public sealed class UnknownOutcomeTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Body = BookingRequests.Valid("2026-12-01T10:00", "oil-change");

    [Fact]
    public async Task A_booking_written_after_its_request_ran_out_of_time_is_answered_to_the_retry_with_its_key_and_booked_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var budgetClock = new FakeTimeProvider();
        var held = new HoldsReply(r => r.Method == RequestMethod.Post && r.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal));
        await using var shop = await BookingHarness.StartAsync(configure: s =>
        {
            s.AddKeyedSingleton<TimeProvider>(RequestBudgetMiddleware.Clock, budgetClock);
            s.AddSingleton<HttpPipelinePolicy>(held);
        });
        using var client = shop.App.CreateClient();

        held.Arm(); // the next transaction is the booking's
        var first = BookingHarness.BookAsync(client, Body, idempotencyKey: "unknown-outcome-1");
        await held.Holding.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        budgetClock.Advance(TimeSpan.FromMinutes(5)); // past the budget while the reply is held
        using var timedOut = await first;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, timedOut.StatusCode);
        Assert.NotNull(timedOut.Headers.RetryAfter);
        var written = Assert.Single(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(), "appt|"));
        var writtenId = written.RowKey["appt|".Length..];

        using var retry = await BookingHarness.BookAsync(client, Body, idempotencyKey: "unknown-outcome-1");
        var text = await retry.Content.ReadAsStringAsync(ct);
        Assert.True(retry.StatusCode == HttpStatusCode.Created, $"{(int)retry.StatusCode}: {text}");
        Assert.Equal(writtenId, JsonDocument.Parse(text).RootElement.GetProperty("id").GetString());
        Assert.Single(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(), "appt|"));

        // Its event was committed with it; the outbox sweep (every 30 s of the app's clock) publishes it.
        await Eventually.Until(async () =>
        {
            shop.Clock.Advance(TimeSpan.FromSeconds(30));
            return await shop.EventsAsync(EventQueues.AppointmentEvents);
        }, events => events.Any(e => e.Id == $"{writtenId}.v1"), TimeSpan.FromSeconds(60), "the written booking's event is published");
    }

    /// <summary>
    /// A storage fault (register as an <see cref="HttpPipelinePolicy"/> singleton): once armed, the first matching
    /// request reaches the service and is applied, but its reply is held until the caller gives up.
    /// </summary>
    private sealed class HoldsReply(Func<Request, bool> matches) : HttpPipelinePolicy
    {
        private int armed;

        public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm() => Volatile.Write(ref armed, 1);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (!matches(message.Request) || Interlocked.Exchange(ref armed, 0) != 1) return;
            Holding.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, message.CancellationToken);
        }
    }
}
