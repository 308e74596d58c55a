using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.CustomHandler;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Hosting;

/// <summary>The Functions host's view: JSON invocations posted to <c>/{FunctionName}</c>.</summary>
public sealed class CustomHandlerModeTests : IAsyncLifetime
{
    private const string SubscriberQueue = "test-subscriber";
    private readonly string storage = TestStorage.NewAccount();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private AutoShopApp app = null!;
    private StorageProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        app = new AutoShopApp(storage)
        {
            CustomHandlerMode = true,
            Clock = clock,
            ConfigureTestServices = s => s.AddEventSubscription(SubscriberQueue),
        };
        probe = new StorageProbe(storage);
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_queue_invocation_runs_the_handler_and_answers_in_the_host_response_shape()
    {
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());

        var response = await app.CreateClient().PostAsync("/FanOutAppointmentEvents", Json(SampleEvents.HostQueuePayload(cloudEvent.ToJson(), dequeueCount: 2)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("Logs").ValueKind);
        Assert.True(body.TryGetProperty("ReturnValue", out _));
        var copies = await probe.PeekAllAsync(SubscriberQueue);
        Assert.Contains(copies, c => CloudEvent.Parse(c).Id == cloudEvent.Id);
    }

    [Fact]
    public async Task A_failing_handler_answers_non_success_so_the_host_retries()
    {
        var response = await app.CreateClient().PostAsync("/FanOutAppointmentEvents", Json(SampleEvents.HostQueuePayload("not a cloud event")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<InvocationResponse>(TestContext.Current.CancellationToken);
        Assert.Contains(body!.Logs, l => l.Contains("FanOutAppointmentEvents failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_invocation_body_is_a_bad_request()
    {
        var response = await app.CreateClient().PostAsync("/FanOutAppointmentEvents", Json("""{"Metadata":{}}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_timer_invocation_relays_outbox_rows_left_behind()
    {
        var shopId = "shop-" + Guid.NewGuid().ToString("n")[..8];
        var cloudEvent = SampleEvents.Created("evt-" + Guid.NewGuid(), clock.GetUtcNow());
        await probe.Table(TableNames.Shops).AddEntityAsync(new TableEntity(shopId, TableNames.ShopRowKey), TestContext.Current.CancellationToken);
        var partition = $"{shopId}|2026-11-25";
        await probe.Table(TableNames.Schedule).AddEntityAsync(TableOutboxStore.ToEntity(partition, cloudEvent, clock.GetUtcNow()), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(1));

        var response = await app.CreateClient().PostAsync("/RelayOutbox", Json(SampleEvents.HostTimerPayload), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var relayed = await probe.PeekAllAsync(EventQueues.AppointmentEvents);
        Assert.Contains(relayed, m => CloudEvent.Parse(m).Id == cloudEvent.Id);
        var left = probe.Table(TableNames.Schedule).QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(await left.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Queue_and_timer_functions_are_not_reachable_by_path_in_standalone_mode()
    {
        await using var standalone = new AutoShopApp(storage);

        var response = await standalone.CreateClient().PostAsync("/FanOutAppointmentEvents", Json(SampleEvents.HostQueuePayload("x")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
