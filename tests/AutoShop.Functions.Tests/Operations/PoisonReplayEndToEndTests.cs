using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Events;
using AutoShop.Functions.Operations;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Operations;

/// <summary>
/// The story of the report, in standalone mode: a message put on a queue without base64 (as the old
/// replay procedure did) is poisoned, shows up in the poison view, and a replay puts it back in the
/// form its consumer reads, which then handles it.
/// </summary>
public sealed class PoisonReplayEndToEndTests : IAsyncLifetime
{
    private readonly string storage = TestStorage.NewAccount();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly LogCapture logs = new();
    private AutoShopApp app = null!;
    private StorageProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        probe = new StorageProbe(storage);
        app = new AutoShopApp(storage) { Clock = clock, ConfigureTestServices = s => s.AddSingleton<ILoggerProvider>(logs) };
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_message_put_on_its_queue_without_base64_is_poisoned_listed_replayed_and_then_handled()
    {
        var ct = TestContext.Current.CancellationToken;
        const string queue = ChainAppointmentAudit.Queue;
        var unencoded = CloudEvent.Create("evt-" + Guid.NewGuid(), "/tests", "test.ping", null, clock.GetUtcNow(), null,
            JsonDocument.Parse("{}").RootElement.Clone()).ToJson();
        await probe.RawQueue(queue).SendMessageAsync(unencoded, ct);
        using var staff = app.CreateStaffClient();

        var listed = await CollectedAsync(staff, queue);

        var poisoned = Assert.Single(listed);
        Assert.Equal(unencoded, poisoned.Body);
        Assert.Null(poisoned.DecodedText);
        using var response = await staff.PostAsJsonAsync($"/api/ops/poison-messages/{queue}/{poisoned.Id}/replay", new { reasonCode = "fault-fixed" }, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replayed = (await response.Content.ReadFromJsonAsync<ReplayDto>(ct))!;

        await Eventually.Until(() => logs.Entries.Any(e => e.Message.StartsWith("Executed " + ChainAppointmentAudit.Name + " ", StringComparison.Ordinal)
            && e.Value("MessageId") == replayed.ReplayedMessageId), because: "the consumer handles the replayed message");
        Assert.Empty(await probe.PeekRawAsync(queue + "-poison"));
    }

    /// <summary>Steps business time a minute at a time until the collector timer has indexed the queue's poison (bounded).</summary>
    private async Task<List<PoisonMessageDto>> CollectedAsync(HttpClient staff, string queue)
    {
        for (var step = 0; step < 20; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            try
            {
                return (await Eventually.Until(
                    async () => (await staff.GetFromJsonAsync<PoisonMessagesPageDto>("/api/ops/poison-messages?queue=" + queue, TestContext.Current.CancellationToken))!.Messages,
                    m => m.Count > 0, TimeSpan.FromSeconds(3))).ToList();
            }
            catch (TimeoutException)
            {
                // Not poisoned or not collected yet: another minute.
            }
        }
        throw new TimeoutException("The poisoned message never reached the poison view.");
    }
}
