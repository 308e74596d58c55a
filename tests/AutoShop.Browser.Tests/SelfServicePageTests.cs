using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutoShop.Testing;
using AutoShop.Testing.Browser;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutoShop.Browser.Tests;

/// <summary>Customers and approvers use the pages in a real browser, against the real app.</summary>
public sealed partial class SelfServicePageTests(ChromiumBrowser chromium, DevServicesFixture services) : IAsyncLifetime
{
    private readonly string approver = $"approver-{Guid.NewGuid():n}@autoshop.test";
    private KestrelApp app = null!;
    private HttpClient api = null!;

    public async ValueTask InitializeAsync()
    {
        app = new KestrelApp(services, new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)), approver);
        api = app.Api();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await api.GetAsync("/api/shops/queens-blvd", timeout.Token)).StatusCode != System.Net.HttpStatusCode.OK)
            await Task.Delay(100, timeout.Token); // the demo seed loads in the background at start
    }

    public async ValueTask DisposeAsync()
    {
        api.Dispose();
        await app.DisposeAsync();
    }

    private async Task<string> BookAndGetManageUrlAsync(string start)
    {
        var response = await api.PostAsJsonAsync("/api/appointments", new
        {
            shopId = "queens-blvd",
            customer = new { name = "Ana Diaz", email = $"ana-{Guid.NewGuid():n}@example.com", emailOptIn = true, preferredChannels = new[] { "email" } },
            vehicle = new { make = "Toyota", model = "Corolla", year = 2019 },
            services = new[] { "oil-change" },
            start,
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("manageUrl").GetString()!;
    }

    [Fact]
    public async Task A_customer_reschedules_and_then_cancels_through_the_page()
    {
        var manage = await BookAndGetManageUrlAsync("2026-12-01T09:00");

        await chromium.RunPageAsync(async page =>
        {
            await page.GotoAsync(manage);
            await Expect(page.GetByText("Tuesday, December 1, 2026 at 9:00 AM")).ToBeVisibleAsync();

            await page.GetByLabel("Show free times on").FillAsync("2026-12-02");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show times" }).ClickAsync();
            await page.GetByLabel(new Regex("Wednesday, December 2, 2026 at 10:00 AM")).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Move my appointment" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Your appointment was moved");
            await Expect(page.GetByText("Wednesday, December 2, 2026 at 10:00 AM EST").First).ToBeVisibleAsync();

            await page.GetByLabel("Why are you cancelling?").SelectOptionAsync("schedule-conflict");
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel my appointment" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Your appointment is cancelled");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Book this time" })).ToBeVisibleAsync();
        }, screenshotName: "self-service-reschedule-cancel");
    }

    [Fact]
    public async Task A_request_inside_the_window_becomes_an_exception_the_approver_confirms_from_the_email()
    {
        // A 30-day window puts the appointment inside it, whatever today is.
        (await api.PutAsJsonAsync("/api/shops/queens-blvd/policy", new { rescheduleWindowHours = 720, cancelWindowHours = 24, maxSelfReschedules = 2 }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var manage = await BookAndGetManageUrlAsync("2026-12-01T09:00");

        await chromium.RunPageAsync(async page =>
        {
            await page.GotoAsync(manage);
            await page.GetByLabel(new Regex("Tuesday, December 1, 2026 at 11:00 AM")).First.CheckAsync();
            await page.GetByLabel("Tell the shop why you need this").FillAsync("My car broke down on the way");
            await page.GetByRole(AriaRole.Button, new() { Name = "Ask the shop to move it" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Your request was sent to the shop");
        }, screenshotName: "self-service-exception-request");

        var mail = (await services.MailDev.Client.WaitForEmailsAsync(m => m.IsTo(approver), 1, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).Single();
        var approve = ApproveLink().Match(mail.Text!).Groups[1].Value;

        await chromium.RunPageAsync(async page =>
        {
            await page.GotoAsync(approve);
            await Expect(page.GetByLabel("Approve")).ToBeCheckedAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirm decision" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Approved by " + approver);

            await page.GotoAsync(manage);
            await Expect(page.GetByText("Tuesday, December 1, 2026 at 11:00 AM EST").First).ToBeVisibleAsync();
        }, screenshotName: "self-service-exception-approved");
    }

    [Fact]
    public async Task A_customer_attaches_a_photo_cancels_and_books_again_through_the_page()
    {
        // The upload and rebook forms post like the others: from our own origin, past the cross-site guard.
        var manage = await BookAndGetManageUrlAsync("2026-12-01T09:00");

        await chromium.RunPageAsync(async page =>
        {
            await page.GotoAsync(manage);
            await page.GetByLabel("A photo (JPEG, PNG, HEIC) or a report (PDF) for the technician").SetInputFilesAsync(new FilePayload
            {
                Name = "dashboard.png",
                MimeType = "image/png",
                Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
            });
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("The technician will see your file");

            await page.GetByLabel("Why are you cancelling?").SelectOptionAsync("schedule-conflict");
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel my appointment" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Your appointment is cancelled");

            await page.GetByLabel("Show free times on").FillAsync("2026-12-02");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show times" }).ClickAsync();
            await page.GetByLabel(new Regex("Wednesday, December 2, 2026 at 10:00 AM")).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Book this time" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("You are booked again");
        }, screenshotName: "self-service-upload-rebook");
    }

    [GeneratedRegex(@"Approve: (\S+)")]
    private static partial Regex ApproveLink();
}
