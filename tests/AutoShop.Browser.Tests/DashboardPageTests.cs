using System.Collections.Concurrent;
using System.Net.Http.Json;
using AutoShop.Testing.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutoShop.Browser.Tests;

/// <summary>The ops dashboard in headless Chromium, opened from a signed link as a staff member's browser would.</summary>
public sealed class DashboardPageTests(ChromiumBrowser chromium, DashboardSite site) : IClassFixture<DashboardSite>
{
    private sealed record Link(string Url, DateTimeOffset ExpiresAt);

    [Fact]
    public async Task The_dashboard_draws_its_charts_and_downloads_without_any_request_leaving_loopback()
    {
        var minted = await site.Staff.PostAsJsonAsync("/api/ops/dashboard-links", new { shopId = "queens-blvd", from = "2026-11-23", to = "2026-11-29" }, TestContext.Current.CancellationToken);
        var link = (await minted.Content.ReadFromJsonAsync<Link>(TestContext.Current.CancellationToken))!;
        var requested = new ConcurrentQueue<string>();
        var leaked = new ConcurrentQueue<string>();
        var policyViolations = new ConcurrentQueue<string>();

        await chromium.RunPageAsync(async page =>
        {
            await page.Context.RouteAsync("**/*", async route =>
            {
                var url = new Uri(route.Request.Url);
                requested.Enqueue(route.Request.Url);
                if (url.Host == "127.0.0.1") await route.ContinueAsync();
                else
                {
                    leaked.Enqueue(route.Request.Url);
                    await route.AbortAsync();
                }
            });
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) policyViolations.Enqueue(message.Text);
            };

            var response = await page.GotoAsync(link.Url);
            Assert.Equal(200, response!.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync("AutoShop Queens Boulevard");

            await Expect(page.Locator("#lead-time-chart rect.bar")).ToHaveCountAsync(6);
            await Expect(page.Locator("#cancellations-chart rect.bar")).ToHaveCountAsync(2);
            await Expect(page.Locator("#utilization-chart rect.bar")).ToHaveCountAsync(5);
            var longest = await page.Locator("#lead-time-chart rect.bar").EvaluateAllAsync<double>("bars => Math.max(...bars.map(b => b.getBoundingClientRect().width))");
            Assert.True(longest > 100, $"the longest lead-time bar is drawn {longest}px wide");
            var fill = await page.Locator("#lead-time-chart rect.bar").First.EvaluateAsync<string>("b => getComputedStyle(b).fill");
            Assert.Equal("rgb(69, 123, 157)", fill); // the nonce'd stylesheet applied under the CSP

            await ChromiumBrowser.SaveScreenshotAsync(page, "dashboard");

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Appointments" }).ClickAsync());
            Assert.Equal("queens-blvd-appointments-2026-11-23-2026-11-29.csv", download.SuggestedFilename);
            Assert.Null(await download.FailureAsync());
        });

        Assert.Empty(leaked);
        Assert.Empty(policyViolations);
        Assert.Contains(requested, u => u.Contains("/api/ops/dashboard", StringComparison.Ordinal));
        Assert.True(File.Exists(ChromiumBrowser.ScreenshotPath("dashboard")));
    }
}
