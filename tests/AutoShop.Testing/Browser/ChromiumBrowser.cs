using Microsoft.Playwright;

namespace AutoShop.Testing.Browser;

/// <summary>
/// Headless Chromium from the Debian package (<c>/usr/bin/chromium</c>) driven by Playwright for
/// .NET. Playwright never downloads a browser here: its node driver ships in the NuGet package
/// (the <c>.playwright</c> folder copied next to the test assembly) and the browser is the
/// system one, started with flags that keep it off the network.
/// </summary>
/// <remarks>
/// Use as an assembly or class fixture (public constructor + <see cref="IAsyncLifetime"/>), or
/// call <see cref="LaunchAsync"/>. The test project must reference <c>Microsoft.Playwright</c>
/// itself so the driver is copied to its output.
/// </remarks>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    /// <summary>Where the Debian package installs Chromium; <c>CHROMIUM_PATH</c> overrides it.</summary>
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Arguments for this machine: running as root needs --no-sandbox; the closed network makes
    /// background networking, QUIC, component updates and sync fail noisily, so they are off.
    /// </summary>
    public static readonly IReadOnlyList<string> LaunchArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultExecutablePath;

    public IPlaywright Playwright => _playwright ?? throw NotStarted();

    public IBrowser Browser => _browser ?? throw NotStarted();

    /// <summary>Starts Playwright and Chromium.</summary>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        var browser = new ChromiumBrowser();
        await browser.InitializeAsync().ConfigureAwait(false);
        return browser;
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {ExecutablePath}. Install the Debian package: " +
                "apt-get install -y --no-install-recommends chromium (scripts/test.sh does it when run as root), " +
                "or set CHROMIUM_PATH.");
        }

        _playwright = await Microsoft.Playwright.Playwright.CreateAsync().ConfigureAwait(false);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = LaunchArguments,
            Timeout = 60_000,
        }).ConfigureAwait(false);
    }

    /// <summary>A page in a fresh browser context (own cookies and storage).</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options).ConfigureAwait(false);
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="test"/> on a new page; when it throws, saves a full-page screenshot
    /// to <c>artifacts/screenshots/{name}.png</c> and rethrows. The name defaults to the current
    /// xunit test (<c>Class.Method</c>). The page's context is closed after.
    /// </summary>
    public async Task RunPageAsync(
        Func<IPage, Task> test, BrowserNewContextOptions? options = null, string? screenshotName = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        var page = await NewPageAsync(options).ConfigureAwait(false);
        try
        {
            await test(page).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Rethrown as is; only the screenshot is added.
            await TrySaveScreenshotAsync(page, screenshotName ?? CurrentTestName("page")).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await page.Context.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// For a test class that keeps a page across its lifetime: call from the class's
    /// <c>DisposeAsync</c>; saves a screenshot when xunit reports the current test failed.
    /// Returns the file written, or null.
    /// </summary>
    public static async Task<string?> ScreenshotIfFailedAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (TestContext.Current.TestState?.Result != TestResult.Failed)
        {
            return null;
        }

        return await SaveScreenshotAsync(page, CurrentTestName("failed-test")).ConfigureAwait(false);
    }

    /// <summary>Saves a full-page screenshot to <c>artifacts/screenshots/{name}.png</c>.</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = ScreenshotPath(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true }).ConfigureAwait(false);
        return path;
    }

    /// <summary><c>artifacts/screenshots/{name}.png</c>, with the name made safe for a file.</summary>
    public static string ScreenshotPath(string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        return Path.Combine(RepoPaths.Screenshots, $"{safe}.png");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync().ConfigureAwait(false);
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
    }

    private static string CurrentTestName(string fallback)
    {
        var test = TestContext.Current.Test;
        var method = TestContext.Current.TestMethod;
        return method is not null
            ? $"{method.TestClass.TestClassSimpleName}.{method.MethodName}"
            : test?.TestDisplayName ?? fallback;
    }

    private static async Task TrySaveScreenshotAsync(IPage page, string name)
    {
        try
        {
            var path = await SaveScreenshotAsync(page, name).ConfigureAwait(false);
            TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot of the failed page: {path}");
        }
        catch (PlaywrightException e)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"Could not save a screenshot: {e.Message}");
        }
    }

    private static InvalidOperationException NotStarted() =>
        new("Chromium is not started: call InitializeAsync or use ChromiumBrowser.LaunchAsync().");
}
