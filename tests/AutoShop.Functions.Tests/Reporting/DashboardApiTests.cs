using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Reporting.Dashboard;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Reporting;

/// <summary>The ops dashboard over HTTP (the browser test draws it in Chromium).</summary>
public sealed partial class DashboardApiTests(ReportingWeek week) : IClassFixture<ReportingWeek>
{
    private const string Page = "/api/ops/dashboard?shopId=queens-blvd&from=2026-11-23&to=2026-11-25";

    private static int Bars(string html, string chart) =>
        Regex.Matches(Regex.Match(html, $"<svg id=\"{chart}\".*?</svg>", RegexOptions.Singleline).Value, "<rect class=\"bar\"").Count;

    private async Task<DashboardFunctions.DashboardLink> MintAsync(string shop = ShopScenario.NewYork)
    {
        var response = await week.Scenario.Staff.PostAsJsonAsync("/api/ops/dashboard-links", new { shopId = shop, from = "2026-11-23", to = "2026-11-25" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DashboardFunctions.DashboardLink>(TestContext.Current.CancellationToken))!;
    }

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    [Fact]
    public async Task The_dashboard_draws_the_kpis_as_inline_svg_under_a_strict_policy()
    {
        var response = await week.Scenario.Staff.GetAsync(Page, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'none'; style-src 'nonce-", csp);
        Assert.Contains($"<style nonce=\"{NonceOf().Match(csp).Groups[1].Value}\">", html);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal((6, 2), (Bars(html, "lead-time-chart"), Bars(html, "cancellations-chart")));
        var technicians = (await week.Scenario.App.Services.GetRequiredService<IShopStore>().GetAsync(ShopId.Parse(ShopScenario.NewYork), TestContext.Current.CancellationToken))!.Technicians.Length;
        Assert.Equal(technicians, Bars(html, "utilization-chart"));
        Assert.DoesNotMatch("<script|https?://(?!www\\.w3\\.org/2000/svg)", html);
        Assert.Equal(3, DownloadLinks(html).Count(l => l.Contains("access=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_minted_link_opens_the_dashboard_and_its_downloads_without_the_key()
    {
        var link = await MintAsync();
        using var browser = week.Scenario.App.CreateClient();

        var page = await browser.GetAsync(PathOf(link.Url), TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var download = await browser.GetAsync(DownloadLinks(html).First(l => l.Contains("appointments.csv", StringComparison.Ordinal)), TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (page.StatusCode, download.StatusCode));
        Assert.Equal(4, CsvTable.Parse(await download.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Rows.Count);
        Assert.InRange(link.ExpiresAt - week.Scenario.Clock.GetUtcNow(), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task A_link_opens_nothing_for_another_shop_once_tampered_or_for_minting_more_links()
    {
        var token = QueryOf(await MintAsync())["access"];
        using var browser = week.Scenario.App.CreateClient();

        var otherShop = await browser.GetAsync($"/api/ops/dashboard?shopId=camelback&access={token}", TestContext.Current.CancellationToken);
        var otherShopCsv = await browser.GetAsync($"/api/shops/camelback/exports/kpis.csv?from=2026-11-23&to=2026-11-23&access={token}", TestContext.Current.CancellationToken);
        var tampered = await browser.GetAsync($"{Page}&access={token[..^2]}{(token[^2] == 'A' ? 'B' : 'A')}{token[^1]}", TestContext.Current.CancellationToken);
        var minting = await browser.PostAsJsonAsync($"/api/ops/dashboard-links?shopId=queens-blvd&access={token}", new { shopId = "queens-blvd" }, TestContext.Current.CancellationToken);

        Assert.All([otherShop, otherShopCsv, tampered, minting], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
    }

    [Fact]
    public async Task A_link_expires_after_its_lifetime()
    {
        var link = await MintAsync();
        using var browser = week.Scenario.App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(PathOf(link.Url), TestContext.Current.CancellationToken)).StatusCode);

        week.Scenario.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(PathOf(link.Url), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_access_token_never_reaches_the_logs()
    {
        var token = QueryOf(await MintAsync())["access"];
        using var browser = week.Scenario.App.CreateClient();
        var html = await browser.GetStringAsync($"{Page}&access={token}", TestContext.Current.CancellationToken);
        await browser.GetStringAsync(DownloadLinks(html).First(), TestContext.Current.CancellationToken);
        await browser.GetAsync($"{Page}&access={token}x", TestContext.Current.CancellationToken);

        Assert.NotEmpty(week.Logs);
        Assert.DoesNotContain(week.Logs, line => line.Contains(token[..20], StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dashboard_needs_staff_and_a_known_shop()
    {
        var anonymous = await week.Scenario.App.CreateClient().GetAsync(Page, TestContext.Current.CancellationToken);
        var noShop = await week.Scenario.Staff.GetAsync("/api/ops/dashboard", TestContext.Current.CancellationToken);
        var unknown = await week.Scenario.Staff.GetAsync("/api/ops/dashboard?shopId=atlantis", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (anonymous.StatusCode, noShop.StatusCode, unknown.StatusCode));
    }

    [Fact]
    public async Task Without_a_signing_key_no_link_can_be_minted_or_accepted()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        using var staff = app.CreateStaffClient();
        var forged = new DashboardLinks(Microsoft.Extensions.Options.Options.Create(new AutoShop.Functions.Reporting.ReportingOptions { DashboardSigningKey = ReportingWeek.SigningKey }), TimeProvider.System)
            .Mint("someone", ShopId.Parse("queens-blvd")).Token;

        var minting = await staff.PostAsJsonAsync("/api/ops/dashboard-links", new { shopId = "queens-blvd" }, TestContext.Current.CancellationToken);
        var opening = await app.CreateClient().GetAsync($"/api/ops/dashboard?shopId=queens-blvd&access={forged}", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.Unauthorized), (minting.StatusCode, opening.StatusCode));
        Assert.Equal("application/problem+json", minting.Content.Headers.ContentType?.MediaType);
    }

    private static List<string> DownloadLinks(string html) =>
        [.. Regex.Matches(html, "href=\"(/api/shops/[^\"]+\\.csv[^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static Dictionary<string, string> QueryOf(DashboardFunctions.DashboardLink link) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link.Url).Query).ToDictionary(q => q.Key, q => q.Value.ToString());

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceOf();
}
