using AutoShop.Functions.Notifications.Delivery;
using Azure.Core;
using Azure.Core.Pipeline;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>Log entries written with a send's claim (Azurite): in its transaction, or on their own when the claim is taken.</summary>
public sealed class DeliveryLogClaimTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly AutoShopApp app = new(TestStorage.NewAccount());

    public async ValueTask InitializeAsync() => await app.Services.GetRequiredService<StorageProvisioner>().Ready;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    /// <summary>An app of its own whose storage requests pass through <paramref name="policy"/>.</summary>
    private static async Task<AutoShopApp> StartWithAsync(HttpPipelinePolicy policy)
    {
        var app = new AutoShopApp(TestStorage.NewAccount()) { ConfigureTestServices = s => s.AddSingleton(policy) };
        await app.Services.GetRequiredService<StorageProvisioner>().Ready;
        return app;
    }

    private static DeliveryEntry Planned(string appointment, string label) =>
        new(appointment, $"{appointment}:v1:reminder:{label}", "reminder", label, 1, "any", DeliveryOutcome.Planned, Now, null, Now.AddHours(20));

    [Fact]
    public async Task Entries_go_with_the_claim_and_a_second_claim_still_records_its_own_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = app.Services.GetRequiredService<DeliveryLog>();
        var key = "appt-1:v1:confirmation:booked";

        var first = await log.ClaimAsync("appt-1", key, "email", Now, TimeSpan.FromMinutes(2), ct, [Planned("appt-1", "24h")]);
        var second = await log.ClaimAsync("appt-1", key, "email", Now, TimeSpan.FromMinutes(2), ct, [Planned("appt-1", "2h")]);

        Assert.Equal((ClaimResult.Claimed, ClaimResult.InFlight), (first, second));
        var entries = await log.ListAsync("appt-1", ct);
        Assert.Equal(["24h", "2h"], entries.Where(e => e.Outcome == DeliveryOutcome.Planned).Select(e => e.Label).Order());
        await Assert.ThrowsAsync<ArgumentException>(() => log.ClaimAsync("appt-1", key, "sms", Now, TimeSpan.FromMinutes(2), ct, [Planned("appt-2", "24h")]));
    }

    [Fact]
    public async Task A_claim_whose_reply_was_lost_is_still_this_senders_when_the_sdk_sends_it_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var lose = new LosesFirstReply(r => r.Method == RequestMethod.Post && r.Uri.ToUri().AbsolutePath.EndsWith("/notificationlog", StringComparison.Ordinal));
        await using var faulty = await StartWithAsync(lose);
        var log = faulty.Services.GetRequiredService<DeliveryLog>();

        var claim = await log.ClaimAsync("appt-2", "appt-2:v1:confirmation:booked", "email", Now, TimeSpan.FromMinutes(2), ct);

        Assert.True(lose.HasLostOne);
        Assert.Equal(ClaimResult.Claimed, claim);
    }

    [Fact]
    public async Task Taking_over_a_released_claim_whose_reply_was_lost_is_still_this_senders()
    {
        var ct = TestContext.Current.CancellationToken;
        var lose = new LosesFirstReply(r => r.Method == RequestMethod.Put && Uri.UnescapeDataString(r.Uri.ToUri().AbsolutePath).Contains("claim|", StringComparison.Ordinal));
        await using var faulty = await StartWithAsync(lose);
        var log = faulty.Services.GetRequiredService<DeliveryLog>();
        var key = "appt-3:v1:confirmation:booked";
        Assert.Equal(ClaimResult.Claimed, await log.ClaimAsync("appt-3", key, "email", Now, TimeSpan.FromMinutes(2), ct));
        await log.ReleaseAsync("appt-3", key, "email", ct); // the first send failed

        var retaken = await log.ClaimAsync("appt-3", key, "email", Now.AddMinutes(1), TimeSpan.FromMinutes(2), ct);

        Assert.True(lose.HasLostOne);
        Assert.Equal(ClaimResult.Claimed, retaken);
        Assert.Equal(2, await log.AttemptsAsync("appt-3", key, "email", ct));
    }
}
