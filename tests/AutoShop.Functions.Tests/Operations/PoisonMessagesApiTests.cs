using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Events;
using AutoShop.Functions.Operations;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Operations;

/// <summary>
/// The poison view and replay, through the real app against Azurite. Custom-handler mode, so no listener
/// drains the queues while a test looks at them; the collector runs when the test invokes it as the
/// Functions host would (<c>POST /CollectPoisonMessages</c>).
/// </summary>
public sealed class PoisonMessagesApiTests : IAsyncLifetime
{
    private const string Queue = "audit-events";
    private const string OtherQueue = "notification-events";
    private readonly string storage = TestStorage.NewAccount();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private AutoShopApp app = null!;
    private StorageProbe probe = null!;
    private HttpClient staff = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        probe = new StorageProbe(storage);
        app = new AutoShopApp(storage) { TriggersOff = true, Clock = clock };
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
        staff = app.CreateStaffClient();
    }

    public async ValueTask DisposeAsync()
    {
        staff.Dispose();
        await app.DisposeAsync();
    }

    private async Task CollectAsync()
    {
        await app.InvokeTimerFunctionAsync(CollectPoisonMessages.Name, Ct);
    }

    private async Task<List<PoisonMessageDto>> ListAllAsync(string query = "limit=20")
    {
        var all = new List<PoisonMessageDto>();
        string? continuation = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = (await staff.GetFromJsonAsync<PoisonMessagesPageDto>(
                "/api/ops/poison-messages?" + query + (continuation is null ? "" : "&continuation=" + continuation), Ct))!;
            all.AddRange(page.Messages);
            continuation = page.Continuation;
            if (continuation is null) return all;
        }
        throw new InvalidOperationException("more than 100 pages");
    }

    private static string PingEvent(string id) =>
        CloudEvent.Create(id, "/tests", "test.ping", null, new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), null, JsonDocument.Parse("{}").RootElement.Clone()).ToJson();

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private Task<HttpResponseMessage> ReplayAsync(string path, object? body) =>
        staff.PostAsync("/api/ops/poison-messages/" + path, body is null ? null : JsonContent.Create(body), Ct);

    private async Task<List<AuditRecordDto>> ReplayAuditAsync() =>
        [.. (await staff.GetFromJsonAsync<AuditPageDto>("/api/audit?action=message-replayed&limit=1000", Ct))!.Items];

    [Fact]
    public async Task Every_poisoned_message_is_listed_once_across_pages_with_its_body_exactly_and_its_decoded_text()
    {
        var encoded = Enumerable.Range(0, 50).Select(i => PingEvent($"evt-{i}")).ToList();
        var unencoded = Enumerable.Range(0, 25).Select(i => $"{{\"raw\":{i}, \"note\":\"<not base64> & ü\"}}").ToList();
        foreach (var text in encoded) await probe.Queue(OtherQueue + "-poison").SendMessageAsync(text, Ct);
        foreach (var text in unencoded) await probe.RawQueue(OtherQueue + "-poison").SendMessageAsync(text, Ct);
        foreach (var i in Enumerable.Range(0, 3)) await probe.Queue(Queue + "-poison").SendMessageAsync(PingEvent($"audit-{i}"), Ct);

        await CollectAsync();
        var listed = await ListAllAsync();

        Assert.Equal(78, listed.Count);
        Assert.Equal(78, listed.Select(m => (m.Queue, m.Id)).Distinct().Count());
        var other = listed.Where(m => m.Queue == OtherQueue).ToList();
        Assert.All(other, m => Assert.Equal(OtherQueue + "-poison", m.PoisonQueue));
        Assert.Equal(encoded.Select(Base64).Concat(unencoded).Order(), other.Select(m => m.Body).Order());
        Assert.Equal(encoded.Order(), other.Where(m => m.DecodedText is not null).Select(m => m.DecodedText).Order());
        Assert.All(other.Where(m => unencoded.Contains(m.Body)), m => Assert.Contains("not base64", m.DecodeProblem, StringComparison.Ordinal));
        Assert.Equal(3, (await ListAllAsync("queue=" + Queue)).Count);
        Assert.Equal(0, await probe.CountAsync(OtherQueue + "-poison"));
    }

    [Fact]
    public async Task Two_collector_runs_at_once_index_each_message_once()
    {
        var bodies = Enumerable.Range(0, 60).Select(i => PingEvent($"twice-{i}")).ToList();
        await Task.WhenAll(bodies.Select(b => probe.Queue(Queue + "-poison").SendMessageAsync(b, Ct)));

        await Task.WhenAll(CollectAsync(), CollectAsync());

        var listed = await ListAllAsync("queue=" + Queue + "&limit=7");
        Assert.Equal(bodies.Order(), listed.Select(m => m.DecodedText).Order());
    }

    [Fact]
    public async Task Messages_not_collected_yet_are_counted_on_the_first_page()
    {
        await probe.Queue(Queue + "-poison").SendMessageAsync(PingEvent("waiting-1"), Ct);
        await probe.Queue(Queue + "-poison").SendMessageAsync(PingEvent("waiting-2"), Ct);

        var page = (await staff.GetFromJsonAsync<PoisonMessagesPageDto>("/api/ops/poison-messages", Ct))!;

        Assert.Empty(page.Messages);
        Assert.Equal(2, page.WaitingToBeCollected![Queue]);
    }

    [Fact]
    public async Task A_replay_puts_base64_of_the_original_payload_back_once_audits_it_and_leaves_the_list()
    {
        // What the old replay procedure produced: the decoded JSON put back without base64.
        var unencoded = PingEvent("replay-raw");
        var encoded = PingEvent("replay-encoded");
        await probe.RawQueue(Queue + "-poison").SendMessageAsync(unencoded, Ct);
        await probe.Queue(Queue + "-poison").SendMessageAsync(encoded, Ct);
        await CollectAsync();
        var listed = await ListAllAsync("queue=" + Queue);
        var raw = listed.Single(m => m.Body == unencoded);

        using var first = await ReplayAsync($"{Queue}/{raw.Id}/replay", new { reasonCode = "fault-fixed" });
        using var second = await ReplayAsync($"{Queue}/{raw.Id}/replay", new { reasonCode = "fault-fixed" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var replayed = (await first.Content.ReadFromJsonAsync<ReplayDto>(Ct))!;
        Assert.False(replayed.AlreadyReplayed);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((await second.Content.ReadFromJsonAsync<ReplayDto>(Ct))!.AlreadyReplayed);
        var back = Assert.Single(await probe.PeekRawAsync(Queue));
        Assert.Equal(Base64(unencoded), back.Body.ToString());
        Assert.Equal(replayed.ReplayedMessageId, back.MessageId);
        Assert.DoesNotContain(await ListAllAsync("queue=" + Queue), m => m.Id == raw.Id);

        var audit = Assert.Single(await ReplayAuditAsync());
        Assert.Equal(("staff", AutoShopApp.StaffId, "message-replayed", "fault-fixed"), (audit.ActorKind, audit.ActorId, audit.Action, audit.ReasonCode));
        Assert.Equal(clock.GetUtcNow(), DateTimeOffset.Parse(audit.AtUtc, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(raw.Id, audit.Before, StringComparison.Ordinal);
        Assert.Contains(back.MessageId, audit.After, StringComparison.Ordinal);

        var base64 = listed.Single(m => m.Body == Base64(encoded));
        using var third = await ReplayAsync($"{Queue}/{base64.Id}/replay", new { reasonCode = "dependency-restored" });
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(new[] { Base64(unencoded), Base64(encoded) }.Order(), (await probe.PeekRawAsync(Queue)).Select(m => m.Body.ToString()).Order());
        Assert.Equal(2, (await ReplayAuditAsync()).Count);
    }

    [Fact]
    public async Task Replaying_a_queue_puts_every_message_back_and_audits_each()
    {
        var bodies = Enumerable.Range(0, 40).Select(i => PingEvent($"all-{i}")).ToList();
        await Task.WhenAll(bodies.Select(b => probe.Queue(Queue + "-poison").SendMessageAsync(b, Ct)));
        await probe.Queue(OtherQueue + "-poison").SendMessageAsync(PingEvent("stays"), Ct);
        await CollectAsync();

        using var response = await ReplayAsync($"{Queue}/replay", new { reasonCode = "fault-fixed" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new ReplayAllDto(Queue, 40, 0, false), await response.Content.ReadFromJsonAsync<ReplayAllDto>(Ct));
        Assert.Equal(40, await probe.CountAsync(Queue));
        Assert.Empty(await ListAllAsync("queue=" + Queue));
        Assert.Single(await ListAllAsync("queue=" + OtherQueue));
        Assert.Equal(40, (await ReplayAuditAsync()).Count);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_and_changes_nothing()
    {
        await probe.Queue(Queue + "-poison").SendMessageAsync(PingEvent("stays-put"), Ct);
        await CollectAsync();
        var id = Assert.Single(await ListAllAsync()).Id;

        await AssertProblem(await staff.GetAsync("/api/ops/poison-messages?queue=no-such-queue", Ct), HttpStatusCode.NotFound);
        await AssertProblem(await staff.GetAsync("/api/ops/poison-messages?limit=0", Ct), HttpStatusCode.BadRequest, "limit");
        await AssertProblem(await staff.GetAsync("/api/ops/poison-messages?limit=501", Ct), HttpStatusCode.BadRequest, "limit");
        await AssertProblem(await staff.GetAsync("/api/ops/poison-messages?limit=lots", Ct), HttpStatusCode.BadRequest, "limit");
        await AssertProblem(await staff.GetAsync("/api/ops/poison-messages?continuation=%21%21", Ct), HttpStatusCode.BadRequest, "continuation");
        await AssertProblem(await staff.GetAsync("/api/ops/poison-messages?continuation=bm9wZQ", Ct), HttpStatusCode.BadRequest, "continuation");
        await AssertProblem(await ReplayAsync($"no-such-queue/{id}/replay", new { reasonCode = "fault-fixed" }), HttpStatusCode.NotFound);
        await AssertProblem(await ReplayAsync($"{Queue}/0000000000000000000-nope/replay", new { reasonCode = "fault-fixed" }), HttpStatusCode.NotFound);
        await AssertProblem(await ReplayAsync($"{Queue}/not%20an%20id/replay", new { reasonCode = "fault-fixed" }), HttpStatusCode.NotFound);
        await AssertProblem(await ReplayAsync($"{Queue}/{id}/replay", new { }), HttpStatusCode.BadRequest, "reasonCode");
        await AssertProblem(await ReplayAsync($"{Queue}/{id}/replay", new { reasonCode = "because" }), HttpStatusCode.BadRequest, "reasonCode");
        await AssertProblem(await ReplayAsync($"{Queue}/{id}/replay", null), HttpStatusCode.BadRequest, "reasonCode");
        await AssertProblem(await ReplayAsync($"{Queue}/replay", new { reasonCode = "" }), HttpStatusCode.BadRequest, "reasonCode");
        await AssertProblem(await staff.PostAsync($"/api/ops/poison-messages/{Queue}/{id}/replay", new StringContent("{not json", Encoding.UTF8, "application/json"), Ct),
            HttpStatusCode.BadRequest);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/ops/poison-messages/{Queue}/{id}/replay", JsonContent.Create(new { reasonCode = "fault-fixed" }), Ct)).StatusCode);

        Assert.Equal(id, Assert.Single(await ListAllAsync()).Id);
        Assert.Equal(0, await probe.CountAsync(Queue));
        Assert.Empty(await ReplayAuditAsync());
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (field is null) return;
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}': {problem.RootElement}");
        }
    }
}
