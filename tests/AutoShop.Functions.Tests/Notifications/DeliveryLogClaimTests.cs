using AutoShop.Functions.Notifications.Delivery;
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
}
