using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using AutoShop.Functions.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.SelfService;

/// <summary>
/// A customer upload's body may be as large as <c>Documents:MaxFileBytes</c> plus its multipart framing,
/// not the 1 MiB every other body gets, and no larger: phone photos and scanned reports pass the default.
/// </summary>
public sealed partial class CustomerUploadLimitTests : IAsyncLifetime
{
    private const int MaxFileBytes = 2 * 1024 * 1024;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private AutoShopApp app = null!;
    private string id = "";
    private string token = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        app = new AutoShopApp(TestStorage.NewAccount()) { Clock = clock, TriggersOff = true };
        app.Settings["Documents:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await BookingScenario.SeedAsync(app);
        id = (await BookingScenario.BookAsync(app, "2026-12-01T09:00")).GetProperty("id").GetString()!;
        token = await BookingScenario.ManageTokenAsync(app, id);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_report_larger_than_the_default_body_limit_is_taken_through_the_manage_page()
    {
        var report = Pdf(1536 * 1024); // over RequestBodyLimits.DefaultMaxBytes (1 MiB), under the upload limit

        using var response = await UploadAsync(new ByteArrayContent(report), "inspection.pdf");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("inspection", await app.CreateStaffClient().GetStringAsync($"/api/appointments/{id}/documents", Ct));
    }

    [Fact]
    public async Task A_chunked_upload_over_the_upload_limit_is_413_and_nothing_is_stored()
    {
        // Just past the file limit plus framing, sent without a length: only counting the body as it is read refuses it.
        var report = Pdf(MaxFileBytes + 96 * 1024);

        using var response = await UploadAsync(new StreamContent(new UnannouncedStream(report)), "oversized.pdf");

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"expected 413, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("oversized", await app.CreateStaffClient().GetStringAsync($"/api/appointments/{id}/documents", Ct));
    }

    private async Task<HttpResponseMessage> UploadAsync(HttpContent file, string name)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync($"/api/manage/{token}", Ct);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var form = new MultipartFormDataContent
        {
            { new StringContent(FormToken().Match(page).Groups[1].Value), "formToken" },
            { new StringContent("1"), "version" },
            { file, "file", name },
        };
        return await client.PostAsync($"/api/manage/{token}/documents", form, Ct);
    }

    private static byte[] Pdf(int bytes) =>
        Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', bytes - 16) + "\n%%EOF\n");

    /// <summary>Not seekable, so the multipart body has no length and goes out chunked.</summary>
    private sealed class UnannouncedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [GeneratedRegex("name=\"formToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
