using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AutoShop.Functions.Tests.Support;
using ImageMagick;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.SelfService;

public sealed partial class CustomerUploadTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private AutoShopApp app = null!;
    private string id = "";
    private string token = "";
    private readonly ConcurrentQueue<string> logs = new();

    public async ValueTask InitializeAsync()
    {
        app = new AutoShopApp(TestStorage.NewAccount())
        {
            Clock = clock,
            TriggersOff = true,
            ConfigureTestServices = services => services.AddSingleton<ILoggerProvider>(new Reporting.CapturingLoggerProvider(logs)),
        };
        await BookingScenario.SeedAsync(app);
        id = (await BookingScenario.BookAsync(app, "2026-12-01T09:00")).GetProperty("id").GetString()!;
        token = await BookingScenario.ManageTokenAsync(app, id);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<HttpResponseMessage> UploadAsync(byte[] content, string name)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync($"/api/manage/{token}", TestContext.Current.CancellationToken);
        var form = new MultipartFormDataContent
        {
            { new StringContent(FormToken().Match(page).Groups[1].Value), "formToken" },
            { new StringContent("1"), "version" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return await client.PostAsync($"/api/manage/{token}/documents", form, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_customer_attaches_a_photo_through_the_manage_page_and_staff_see_it()
    {
        using var image = new MagickImage(MagickColors.Red, 4, 4) { Format = MagickFormat.Png };

        var response = await UploadAsync(image.ToByteArray(), "dashboard light.png");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var listed = await app.CreateStaffClient().GetStringAsync($"/api/appointments/{id}/documents", TestContext.Current.CancellationToken);
        Assert.Contains("dashboard light", listed);
        Assert.Contains("\"kind\":\"customer\"", listed.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Nothing_logged_while_a_manage_link_request_runs_carries_its_token()
    {
        using var image = new MagickImage(MagickColors.Blue, 4, 4) { Format = MagickFormat.Png };

        var response = await UploadAsync(image.ToByteArray(), "tyre.png");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains(logs, line => line.Contains("Stored document", StringComparison.Ordinal)); // logged inside the request
        Assert.DoesNotContain(logs, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_that_is_not_a_photo_or_report_is_refused_on_the_page_and_nothing_is_stored()
    {
        var response = await UploadAsync("<html><script>alert(1)</script></html>"u8.ToArray(), "photo.jpg");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode); // text that a browser would run as HTML
        Assert.Contains("not accepted", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var listed = await app.CreateStaffClient().GetStringAsync($"/api/appointments/{id}/documents", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("photo", listed);
    }

    [GeneratedRegex("name=\"formToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
