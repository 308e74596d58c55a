using AutoShop.Domain.Customers;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>The consent ledger's write path against Azurite: entries and the current summary move together.</summary>
public sealed class ConsentLedgerTests : IAsyncLifetime
{
    private readonly AutoShopApp app = new(TestStorage.NewAccount());

    public async ValueTask InitializeAsync() => await app.Services.GetRequiredService<StorageProvisioner>().Ready;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Concurrent_decisions_for_one_contact_all_enter_the_ledger_and_the_latest_one_stands()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = app.Services.GetRequiredService<ConsentLedger>();
        var contact = ContactKey.ForEmail(EmailAddress.Parse("ana.ruiz@example.com"));
        var start = new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero);

        // Twelve decisions race; the one made last (by its time, not by who writes last) opts in.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => ledger.RecordAsync(
            new ConsentEntry(contact.Value, Channel.Email, OptIn: i == 11, ConsentSource.Staff, start.AddMinutes(i), "staff:s-1"), $"decision-{i}", ct))));
        // A redelivery of an older decision changes neither the summary nor the number of entries.
        await ledger.RecordAsync(new ConsentEntry(contact.Value, Channel.Email, OptIn: false, ConsentSource.Staff, start.AddMinutes(3), "staff:s-1"), "decision-3", ct);

        var current = await ledger.ReadCurrentAsync(contact, ct);
        var all = await ledger.ReadAsync(contact, ct);
        Assert.True(current.EmailOptIn);
        Assert.Equal(12, all.Entries.Count);
        Assert.True(all.Current(Channel.Email));
    }

    [Fact]
    public async Task Each_entry_reports_its_effect_and_a_redelivery_or_a_racing_duplicate_gets_the_same_effect_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = app.Services.GetRequiredService<ConsentLedger>();
        var contact = ContactKey.ForPhone(PhoneNumber.Parse("+12125550188", "US"));
        var at = new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero);
        ConsentEntry Entry(bool optIn, int minute) => new(contact.Value, Channel.Sms, optIn, ConsentSource.SmsKeyword, at.AddMinutes(minute), "sms:" + contact.Address);

        Assert.Equal(ConsentEffect.Changed, await ledger.RecordAsync(Entry(true, 0), "booking", ct));
        // The first STOP arrives twice at once (Event Grid's redelivery racing the original): both see "changed".
        var first = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ledger.RecordAsync(Entry(false, 5), "stop-1", ct))));
        Assert.All(first, effect => Assert.Equal(ConsentEffect.Changed, effect));
        Assert.Equal(ConsentEffect.Unchanged, await ledger.RecordAsync(Entry(false, 6), "stop-2", ct));
        Assert.Equal(ConsentEffect.Superseded, await ledger.RecordAsync(Entry(true, 1), "late-start", ct));
        // Later, the first STOP is delivered once more: still the entry that changed the consent.
        Assert.Equal(ConsentEffect.Changed, await ledger.RecordAsync(Entry(false, 5), "stop-1", ct));

        Assert.Equal(4, (await ledger.ReadAsync(contact, ct)).Entries.Count);
        Assert.False((await ledger.ReadCurrentAsync(contact, ct)).SmsOptIn);
    }
}
