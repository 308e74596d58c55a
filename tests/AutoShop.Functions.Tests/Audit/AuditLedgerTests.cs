using Azure.Data.Tables;
using AutoShop.Domain;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace AutoShop.Functions.Tests.Audit;

/// <summary>The ledger's append path against Azurite: concurrent appenders on two app instances, and idempotency.</summary>
public sealed class AuditLedgerTests : IAsyncLifetime
{
    private readonly string storage = TestStorage.NewAccount();
    private readonly List<AutoShopApp> instances = [];

    public async ValueTask InitializeAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            var app = new AutoShopApp(storage);
            instances.Add(app);
            await app.Services.GetRequiredService<StorageProvisioner>().Ready;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in instances) await app.DisposeAsync();
    }

    internal static AuditRecord Record(string sourceKey, string shop = "main", string subject = "sku:OIL-5W30-QT") =>
        AuditRecord.TryCreate(ShopId.Parse(shop), DateTimeZoneProviders.Tzdb["America/New_York"], null, subject, Actor.Staff("s-1"),
            Instant.FromUtc(2026, 3, 2, 15, 0), AuditAction.StockAdjusted, ReasonCode.Parse("stock-count-correction"),
            "onHand=12", "onHand=10", "corr-12345678", sourceKey).OrThrow();

    private IAuditLog Log(int instance) => instances[instance].Services.GetRequiredService<IAuditLog>();

    [Fact]
    public async Task Concurrent_appenders_on_two_instances_claim_each_sequence_number_once_and_never_fork_the_chain()
    {
        var appends = Enumerable.Range(1, 48)
            .Select(i => Task.Run(() => Log(i % 2).AppendAsync(Record($"stock:{i}"), TestContext.Current.CancellationToken)));

        var results = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(1, 48).Select(i => (long)i), results.Select(r => r.Sequence).Order());
        Assert.DoesNotContain(results, r => r.AlreadyChained);
        var links = new StorageProbe(storage).Table(AuditChainRows.Table)
            .Query<TableEntity>(e => e.PartitionKey == "main", cancellationToken: TestContext.Current.CancellationToken)
            .Where(e => char.IsAsciiDigit(e.RowKey[0])).ToList();
        Assert.Equal(48, links.Count);
        Assert.Equal(48, links.Select(l => l.GetString("SourceKey")).Distinct().Count());
        var verified = await instances[0].Services.GetRequiredService<TableAuditLedger>().VerifyAsync(ShopId.Parse("main"), null, null, TestContext.Current.CancellationToken);
        Assert.Equal((48L, 48L, (ChainBreak?)null), (verified.LinksChecked, verified.HeadSequence, verified.FirstBreak));
    }

    [Fact]
    public async Task The_same_source_appended_concurrently_from_two_instances_is_chained_once()
    {
        await Log(0).AppendAsync(Record("stock:first"), TestContext.Current.CancellationToken);

        var results = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(i => Task.Run(() => Log(i % 2).AppendAsync(Record("stock:again"), TestContext.Current.CancellationToken))));

        Assert.All(results, r => Assert.Equal((2L, results[0].Hash), (r.Sequence, r.Hash)));
        Assert.Single(results, r => !r.AlreadyChained);
        var head = await instances[1].Services.GetRequiredService<TableAuditLedger>().VerifyAsync(ShopId.Parse("main"), null, null, TestContext.Current.CancellationToken);
        Assert.Equal(2, head.HeadSequence);
    }

    [Fact]
    public async Task A_burst_on_one_instance_chains_each_source_once_even_with_redeliveries_inside_it()
    {
        // 70 appends of 40 sources arrive together: they go in groups, with repeats in the same and in later groups.
        var results = await Task.WhenAll(Enumerable.Range(0, 70)
            .Select(i => Task.Run(() => Log(0).AppendAsync(Record($"stock:{i % 40}"), TestContext.Current.CancellationToken))));

        var bySource = Enumerable.Range(0, 70).Select(i => (Source: i % 40, Result: results[i])).GroupBy(x => x.Source).ToList();
        Assert.All(bySource, g => Assert.Single(g.Select(x => x.Result.Sequence).Distinct()));
        Assert.All(bySource, g => Assert.Single(g, x => !x.Result.AlreadyChained));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), bySource.Select(g => g.First().Result.Sequence).Order());
        var verified = await instances[1].Services.GetRequiredService<TableAuditLedger>().VerifyAsync(ShopId.Parse("main"), null, null, TestContext.Current.CancellationToken);
        Assert.Equal((40L, 40L, (ChainBreak?)null), (verified.LinksChecked, verified.HeadSequence, verified.FirstBreak));
    }

    [Fact]
    public async Task Each_shop_has_its_own_chain()
    {
        var a = await Log(0).AppendAsync(Record("k:1", shop: "north"), TestContext.Current.CancellationToken);
        var b = await Log(1).AppendAsync(Record("k:1", shop: "south"), TestContext.Current.CancellationToken);

        Assert.Equal((1L, 1L, false, false), (a.Sequence, b.Sequence, a.AlreadyChained, b.AlreadyChained));
    }
}
