using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Booking;
using AutoShop.Functions.Tests.Support;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Operability;

/// <summary>
/// Storage stops answering (paused: connections accepted, no reply, as a SIGSTOPped emulator) or refuses
/// connections (down) behind a proxy in front of the shared Azurite. With the default settings every request
/// answers 503 with <c>Retry-After</c> within 3 s, health names the failing service within 2 s, and when storage
/// is back the same app instance works again, its queue listener included.
/// </summary>
/// <remarks>
/// Each limit is asserted plus what the same request took just before the outage with storage healthy: on a
/// machine shared by several test runs that alone can take a second, which is the machine's time, not time spent
/// waiting for storage. Without the budget these requests took 6 s (refused) or the SDK's network timeout (paused).
/// </remarks>
public sealed class StorageOutageTests
{
    private static readonly TimeSpan RequestLimit = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HealthLimit = TimeSpan.FromSeconds(2);

    public static TheoryData<string> Outages => ["paused", "refused"];

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task While_storage_is_out_every_operation_answers_503_with_retry_after_within_3_s_and_works_again_when_it_is_back(string outageKind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var outage = StorageOutage.Start(TestStorage.Services.Azurite);
        var budgetClock = new BudgetClock();
        await using var shop = await StartAsync(outage, budgetClock);
        var booked = await shop.BookOkAsync(BookingRequests.Valid("2026-12-01T09:00", "oil-change"));
        var id = booked.GetProperty("id").GetString();
        var page = new Uri(booked.GetProperty("manageUrl").GetString()!).PathAndQuery;
        using var client = shop.App.CreateClient();
        using var staff = shop.App.CreateStaffClient();
        var operations = new (string Name, Func<int, Task<HttpResponseMessage>> Send)[]
        {
            ("book", n => BookingHarness.BookAsync(client, BookingRequests.Valid($"2026-12-02T{9 + n:D2}:00", "oil-change"))),
            ("book with Idempotency-Key", n => BookingHarness.BookAsync(client, BookingRequests.Valid($"2026-12-02T{11 + n:D2}:00", "oil-change"), idempotencyKey: $"outage-{outageKind}-{n}")),
            ("availability", n => client.GetAsync($"/api/shops/queens-blvd/availability?services=oil-change&from=2026-12-{14 + 7 * n}&to=2026-12-{20 + 7 * n}", ct)),
            ("staff GET", _ => staff.GetAsync($"/api/appointments/{id}", ct)),
            ("manage page", _ => client.GetAsync(page, ct)),
        };
        var healthy = await Task.WhenAll(operations.Select(o => TimeAsync(o.Name, () => o.Send(0))));
        Assert.All(healthy, h => Assert.True((int)h.Status < 300, $"{h.Operation} before the outage: {(int)h.Status} {h.Body}"));

        budgetClock.Start();
        Down(outage, outageKind);
        // At once: each is timed on its own, and the test does not wait out five budgets one after another.
        var answers = await Task.WhenAll(operations.Select(o => TimeAsync(o.Name, () => o.Send(1))));

        foreach (var a in answers)
            TestContext.Current.TestOutputHelper?.WriteLine($"{outageKind} {a.Operation}: {(int)a.Status} in {a.Took.TotalSeconds:0.00} s (healthy {healthy.Single(h => h.Operation == a.Operation).Took.TotalSeconds:0.00} s)");
        Assert.All(answers, a =>
        {
            var before = healthy.Single(h => h.Operation == a.Operation).Took;
            Assert.True(a.Status == HttpStatusCode.ServiceUnavailable, $"{a.Operation}: {(int)a.Status} {a.Body}");
            Assert.Equal("application/problem+json", a.MediaType);
            Assert.True(a.RetryAfterSeconds >= 1, $"{a.Operation}: no Retry-After");
            Assert.True(a.Took < RequestLimit + before, $"{a.Operation} took {a.Took.TotalSeconds:0.00} s ({before.TotalSeconds:0.00} s with storage up)");
        });

        outage.Restore();
        // The same instance, no restart: a booking succeeds, its event goes through the queue listener's fan-out
        // (which was polling through the outage), and what was there before is still served.
        var slot = 0;
        var after = await Eventually.Until(async () =>
        {
            using var response = await BookingHarness.BookAsync(client, BookingRequests.Valid($"2026-12-03T{9 + slot++:D2}:00", "oil-change"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(ct));
        }, r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60), "a booking succeeds once storage is back");
        var afterId = JsonDocument.Parse(after.Body).RootElement.GetProperty("id").GetString();
        await Eventually.Until(() => shop.EventsAsync(), events => events.Any(e => e.Id == $"{afterId}.v1"), TimeSpan.FromSeconds(60),
            "the queue listener relays the new booking's event");
        await Eventually.Until(async () =>
        {
            using var found = await staff.GetAsync($"/api/appointments/{id}", ct);
            return found.StatusCode;
        }, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the booking made before the outage is served");
    }

    [Theory]
    [InlineData("paused", StorageOutage.Queue)]
    [InlineData("paused", StorageOutage.Table)]
    [InlineData("refused", StorageOutage.Blob)]
    public async Task Health_answers_within_2_s_naming_the_storage_service_that_is_out(string outageKind, string service)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var outage = StorageOutage.Start(TestStorage.Services.Azurite);
        await using var shop = await StartAsync(outage, new BudgetClock());
        using var client = shop.App.CreateClient();
        var healthy = await TimeAsync("health", () => client.GetAsync("/api/health", ct));
        Assert.Equal(HttpStatusCode.OK, healthy.Status);

        Down(outage, outageKind, service);
        var answer = await TimeAsync("health", () => client.GetAsync("/api/health", ct));

        TestContext.Current.TestOutputHelper?.WriteLine($"{outageKind} {service}: health {(int)answer.Status} in {answer.Took.TotalSeconds:0.00} s (healthy {healthy.Took.TotalSeconds:0.00} s)");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.True(answer.RetryAfterSeconds >= 1);
        Assert.True(answer.Took < HealthLimit + healthy.Took, $"health took {answer.Took.TotalSeconds:0.00} s ({healthy.Took.TotalSeconds:0.00} s with storage up)");
        var problem = JsonDocument.Parse(answer.Body).RootElement;
        var checks = problem.GetProperty("checks");
        Assert.NotEqual("ok", checks.GetProperty(service).GetString());
        Assert.All(new[] { StorageOutage.Table, StorageOutage.Queue, StorageOutage.Blob }.Where(s => s != service),
            other => Assert.Equal("ok", checks.GetProperty(other).GetString()));
        Assert.Equal([service], problem.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains(service, problem.GetProperty("detail").GetString());

        outage.Restore();
        await Eventually.Until(async () =>
        {
            using var again = await client.GetAsync("/api/health", ct);
            return again.StatusCode;
        }, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "health is ok once storage is back");
    }

    [Fact]
    public async Task A_storage_fault_the_sdk_gives_up_on_answers_503_with_retry_after_not_500()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var outage = StorageOutage.Start(TestStorage.Services.Azurite);
        // No retries and a budget that never runs out: the refused connection fails the request at once, and the
        // answer comes from the mapping of storage faults, not from the budget.
        await using var shop = await StartAsync(outage, new BudgetClock(), s => s.Configure<StorageResilienceOptions>(o => o.MaxRetries = 0));
        using var staff = shop.App.CreateStaffClient();
        const string someId = "20261201-abcdefghijkm-queens-blvd";
        var healthy = await TimeAsync("staff GET", () => staff.GetAsync($"/api/appointments/{someId}", ct));
        Assert.Equal(HttpStatusCode.NotFound, healthy.Status);

        outage.Refuse();
        var answer = await TimeAsync("staff GET", () => staff.GetAsync($"/api/appointments/{someId}", ct));

        Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"{(int)answer.Status} {answer.Body}");
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.True(answer.RetryAfterSeconds >= 1);
        Assert.Equal(StorageUnavailableAnswer.Title, JsonDocument.Parse(answer.Body).RootElement.GetProperty("title").GetString());
        Assert.True(answer.Took < RequestLimit + healthy.Took, $"took {answer.Took.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task An_app_started_while_storage_does_not_answer_provisions_it_once_storage_answers()
    {
        await using var outage = StorageOutage.Start(TestStorage.Services.Azurite);
        outage.Pause();
        var attempts = new FailedAttempts();
        // Attempts that are not retried and end quickly: each ends as the SDK's own cancellation.
        await using var app = new AutoShopApp(outage.NewAccount())
        {
            AwaitStorage = false,
            ConfigureTestServices = s =>
            {
                s.Configure<StorageResilienceOptions>(o =>
                {
                    o.MaxRetries = 0;
                    o.NetworkTimeout = TimeSpan.FromMilliseconds(200);
                });
                s.AddSingleton<HttpPipelinePolicy>(attempts);
            },
        };
        var provisioner = app.Services.GetRequiredService<StorageProvisioner>();
        await Eventually.Until(() => attempts.Count > 0, TimeSpan.FromSeconds(30), "provisioning attempts time out");

        outage.Restore();

        await provisioner.Ready.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        using var health = await app.CreateClient().GetAsync("/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>The demo shops on an account behind the proxies, with the default budgets (the test apps' is longer).</summary>
    private static Task<BookingHarness> StartAsync(StorageOutage outage, BudgetClock budgetClock, Action<IServiceCollection>? configure = null) =>
        BookingHarness.StartAsync(storage: outage.NewAccount(), configure: s =>
        {
            var defaults = new StorageResilienceOptions();
            s.Configure<StorageResilienceOptions>(o => o.RequestBudget = defaults.RequestBudget);
            s.AddKeyedSingleton<TimeProvider>(RequestBudgetMiddleware.Clock, budgetClock);
            configure?.Invoke(s);
        });

    private static void Down(StorageOutage outage, string kind, params string[] services)
    {
        if (kind == "paused") outage.Pause(services);
        else outage.Refuse(services);
    }

    private static async Task<Answer> TimeAsync(string operation, Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        using var response = await send();
        var took = watch.Elapsed;
        return new Answer(operation, response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, took, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Counts storage attempts that ended in an exception (register as an <see cref="HttpPipelinePolicy"/> singleton).</summary>
    private sealed class FailedAttempts : HttpPipelinePolicy
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                await ProcessNextAsync(message, pipeline);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref count);
                throw;
            }
        }
    }

    private sealed record Answer(string Operation, HttpStatusCode Status, string? MediaType, int RetryAfterSeconds, TimeSpan Took, string Body);
}
