using AutoShop.Testing.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutoShop.Browser.Tests;

public sealed class ChromiumSmokeTests(ChromiumBrowser chromium)
{
    private const string CounterPage = """
        <!doctype html>
        <html lang="en">
          <head><meta charset="utf-8"><title>Smoke</title></head>
          <body>
            <button id="confirm" type="button">Confirm</button>
            <p id="status">Waiting</p>
            <script>
              document.getElementById('confirm').addEventListener('click', () => {
                document.getElementById('status').textContent = 'Confirmed';
              });
            </script>
          </body>
        </html>
        """;

    [Fact]
    public async Task Clicking_a_button_on_a_loopback_page_changes_the_DOM()
    {
        await using var site = new LoopbackPage(CounterPage);

        await chromium.RunPageAsync(async page =>
        {
            await page.GotoAsync(site.Url.ToString());
            await Expect(page.Locator("#status")).ToHaveTextAsync("Waiting");

            await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

            await Expect(page.Locator("#status")).ToHaveTextAsync("Confirmed");
        });
    }

    [Fact]
    public async Task A_failing_page_test_leaves_a_screenshot_in_artifacts()
    {
        await using var site = new LoopbackPage(CounterPage);
        var name = $"smoke-deliberate-failure-{Guid.NewGuid():N}";
        var expectedPath = ChromiumBrowser.ScreenshotPath(name);

        await Assert.ThrowsAsync<InvalidOperationException>(() => chromium.RunPageAsync(
            async page =>
            {
                await page.GotoAsync(site.Url.ToString());
                throw new InvalidOperationException("deliberate failure");
            },
            screenshotName: name));

        try
        {
            Assert.True(File.Exists(expectedPath), $"expected a screenshot at {expectedPath}");
            Assert.True(new FileInfo(expectedPath).Length > 1000);
        }
        finally
        {
            File.Delete(expectedPath); // a deliberate failure, not one to look at
        }
    }
}
