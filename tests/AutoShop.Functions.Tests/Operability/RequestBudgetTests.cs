using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Tests.Booking;
using AutoShop.Functions.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Operability;

/// <summary>The request budget counts the app's own time: not the client's, and not once the answer has started.</summary>
public sealed class RequestBudgetTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    [Fact]
    public void The_budget_runs_out_while_the_request_works()
    {
        var clock = new FakeTimeProvider();
        using var budget = new RequestBudget(Budget, clock);

        clock.Advance(Budget - TimeSpan.FromMilliseconds(1));
        Assert.False(budget.Token.IsCancellationRequested);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(budget.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task Time_spent_waiting_for_the_clients_body_does_not_count()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        using var budget = new RequestBudget(Budget, clock);
        var pipe = new Pipe();
        await using var body = new BudgetPausingStream(pipe.Reader.AsStream(), budget);

        clock.Advance(TimeSpan.FromSeconds(1)); // work before the read counts
        var read = body.ReadAsync(new byte[16], ct).AsTask();
        clock.Advance(TimeSpan.FromMinutes(5)); // a slow client
        Assert.True(budget.IsPaused);
        Assert.False(budget.Token.IsCancellationRequested);
        await pipe.Writer.WriteAsync("hello"u8.ToArray(), ct);
        Assert.Equal(5, await read);

        Assert.False(budget.IsPaused);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(budget.Token.IsCancellationRequested);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(budget.Token.IsCancellationRequested);
    }

    [Fact]
    public void Once_the_answer_has_started_the_budget_no_longer_runs()
    {
        var clock = new FakeTimeProvider();
        using var budget = new RequestBudget(Budget, clock);

        clock.Advance(TimeSpan.FromSeconds(1));
        budget.Lift();
        clock.Advance(TimeSpan.FromHours(1)); // a long download

        Assert.False(budget.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_booking_whose_body_arrives_slowly_is_not_cut_by_the_budget()
    {
        var ct = TestContext.Current.CancellationToken;
        var budgetClock = new FakeTimeProvider();
        var requests = new LastRequest();
        await using var shop = await BookingHarness.StartAsync(configure: s =>
        {
            s.AddKeyedSingleton<TimeProvider>(RequestBudgetMiddleware.Clock, budgetClock);
            s.AddSingleton<IStartupFilter>(requests);
        });
        // The test server's own client: the factory's default one buffers a request body before sending it (for redirects).
        using var client = shop.App.Server.CreateClient();
        var body = new HeldContent(JsonSerializer.SerializeToUtf8Bytes(BookingRequests.Valid("2026-12-01T09:00", "oil-change")));

        var sending = client.PostAsync("/api/appointments", body, ct);
        await Eventually.Until(() => requests.Budget?.IsPaused == true, TimeSpan.FromSeconds(30), "the app waits for the body");
        budgetClock.Advance(TimeSpan.FromMinutes(5)); // far past the test apps' budget (1 min)
        body.Release();
        using var response = await sending;

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>Keeps the last request's context, to read its budget (a request feature) from the test.</summary>
    private sealed class LastRequest : IStartupFilter
    {
        private volatile HttpContext? context;

        public RequestBudget? Budget => context?.Features.Get<RequestBudget>();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, inner) =>
            {
                context = http;
                await inner(http);
            });
            next(app);
        };
    }

    /// <summary>A JSON body the client sends only when the test says so.</summary>
    private sealed class HeldContent : HttpContent
    {
        private readonly byte[] bytes;
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldContent(byte[] bytes)
        {
            this.bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public void Release() => release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await release.Task;
            await stream.WriteAsync(bytes);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
