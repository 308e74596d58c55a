using System.Net;
using System.Net.Http.Json;
using Azure;
using Azure.Data.Tables;
using AutoShop.Domain;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Tests.Reporting;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace AutoShop.Functions.Tests.Audit;

/// <summary>
/// Ten links over two New York days (five on Mon 2 March 2026, five on Tue 3 March), then tampering
/// with the stored rows through the Table SDK, as someone with storage access could.
/// </summary>
public sealed class AuditVerifyTests : IAsyncLifetime
{
    private ShopScenario scenario = null!;
    private readonly List<string> hashes = [];

    public async ValueTask InitializeAsync()
    {
        scenario = await ShopScenario.StartAsync(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
        var log = scenario.App.Services.GetRequiredService<IAuditLog>();
        for (var i = 1; i <= 10; i++)
        {
            if (i == 6) scenario.Clock.Advance(TimeSpan.FromDays(1));
            scenario.Clock.Advance(TimeSpan.FromMinutes(1));
            var record = AuditRecord.TryCreate(ShopId.Parse(ShopScenario.NewYork), DateTimeZoneProviders.Tzdb["America/New_York"], null, $"template:t{i}",
                Actor.Staff("s-1"), Instant.FromDateTimeOffset(scenario.Clock.GetUtcNow()), AuditAction.TemplateChanged,
                ReasonCode.Parse("template-update"), "v1", "v2", null, $"template:{i}").OrThrow();
            hashes.Add((await log.AppendAsync(record, TestContext.Current.CancellationToken)).Hash);
        }
    }

    public ValueTask DisposeAsync() => scenario.DisposeAsync();

    private TableClient Ledger => scenario.Probe.Table(AuditChainRows.Table);

    private async Task<AuditVerificationDto> VerifyAsync(string query = "")
    {
        var response = await scenario.Staff.GetAsync($"/api/shops/{ShopScenario.NewYork}/audit/verify{query}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AuditVerificationDto>(TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task An_untouched_ledger_verifies_link_by_link()
    {
        var result = await VerifyAsync();

        Assert.Equal((true, 10L, 1L, 10L, 10L), (result.Intact, result.LinksChecked, result.FirstSequence, result.LastSequence, result.HeadSequence));
        Assert.Null(result.FirstBrokenLink);
    }

    [Fact]
    public async Task Editing_a_field_of_a_stored_record_is_named_as_the_first_broken_link_with_expected_and_stored_hash()
    {
        await Ledger.UpdateEntityAsync(new TableEntity(ShopScenario.NewYork, "000000000003") { ["ReasonCode"] = "other" }, ETag.All,
            TableUpdateMode.Merge, TestContext.Current.CancellationToken);

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        var broken = result.FirstBrokenLink!;
        Assert.Equal((3L, "hash-mismatch", hashes[2]), (broken.Sequence, broken.Problem, broken.StoredHash));
        Assert.True(AuditChain.IsHash(broken.ExpectedHash) && broken.ExpectedHash != broken.StoredHash);
        Assert.Equal(3, result.LinksChecked);
    }

    [Fact]
    public async Task Rewriting_a_record_with_a_recomputed_hash_is_caught_at_the_next_link()
    {
        var row = (await Ledger.GetEntityAsync<TableEntity>(ShopScenario.NewYork, "000000000005", cancellationToken: TestContext.Current.CancellationToken)).Value;
        var forged = AuditChainRows.Read(row).Fields with { After = "v3" };
        row["After"] = "v3";
        row["Hash"] = AuditChain.Hash(hashes[3], forged);
        await Ledger.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, TestContext.Current.CancellationToken);

        Assert.Equal(6, (await VerifyAsync()).FirstBrokenLink!.Sequence);
    }

    [Fact]
    public async Task Deleting_a_stored_record_is_named_as_a_missing_link()
    {
        await Ledger.DeleteEntityAsync(ShopScenario.NewYork, "000000000004", cancellationToken: TestContext.Current.CancellationToken);

        var broken = (await VerifyAsync()).FirstBrokenLink!;

        Assert.Equal((4L, "missing", (string?)null), (broken.Sequence, broken.Problem, broken.StoredHash));
    }

    [Fact]
    public async Task Deleting_the_newest_record_is_found_through_the_chain_head()
    {
        await Ledger.DeleteEntityAsync(ShopScenario.NewYork, "000000000010", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((10L, "missing"), ((await VerifyAsync()).FirstBrokenLink!.Sequence, (await VerifyAsync()).FirstBrokenLink!.Problem));
        Assert.Equal(10L, (await VerifyAsync("?from=2026-03-03&to=2026-03-03")).FirstBrokenLink!.Sequence);
    }

    [Fact]
    public async Task A_date_range_checks_the_links_chained_on_its_days_from_the_hash_before_them()
    {
        await Ledger.UpdateEntityAsync(new TableEntity(ShopScenario.NewYork, "000000000002") { ["Before"] = "edited" }, ETag.All,
            TableUpdateMode.Merge, TestContext.Current.CancellationToken);

        var tuesday = await VerifyAsync("?from=2026-03-03&to=2026-03-03");
        var monday = await VerifyAsync("?from=2026-03-02&to=2026-03-02");

        Assert.Equal((true, 5L, 6L, 10L), (tuesday.Intact, tuesday.LinksChecked, tuesday.FirstSequence, tuesday.LastSequence));
        Assert.Equal((false, 2L), (monday.Intact, monday.FirstBrokenLink!.Sequence));
    }

    [Fact]
    public async Task Deleting_the_link_just_before_a_range_is_reported()
    {
        await Ledger.DeleteEntityAsync(ShopScenario.NewYork, "000000000005", cancellationToken: TestContext.Current.CancellationToken);

        var broken = (await VerifyAsync("?from=2026-03-03&to=2026-03-03")).FirstBrokenLink!;

        Assert.Equal((5L, "missing"), (broken.Sequence, broken.Problem));
    }

    [Theory]
    [InlineData("?from=2026-03-02", HttpStatusCode.BadRequest)]
    [InlineData("?from=2026-03-03&to=2026-03-02", HttpStatusCode.BadRequest)]
    public async Task A_half_or_backwards_range_is_refused(string query, HttpStatusCode status)
    {
        var response = await scenario.Staff.GetAsync($"/api/shops/{ShopScenario.NewYork}/audit/verify{query}", TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Verification_is_for_staff_and_known_shops_only()
    {
        var anonymous = await scenario.App.CreateClient().GetAsync($"/api/shops/{ShopScenario.NewYork}/audit/verify", TestContext.Current.CancellationToken);
        var unknown = await scenario.Staff.GetAsync("/api/shops/atlantis/audit/verify", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.NotFound), (anonymous.StatusCode, unknown.StatusCode));
    }
}
