using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.HostileInput;

/// <summary>
/// Every page form refuses a post another site made the browser send, even with a valid form token,
/// and changes nothing; the same post from our own page goes through.
/// </summary>
public sealed partial class CrossSiteFormTests
{
    private const string PublicOrigin = "http://localhost"; // Links:PublicBaseUrl of the test app

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Forms => ["cancel", "reschedule", "exception", "rebook", "upload", "approval"];

    /// <summary>What a browser sends when another site (or a sandboxed frame) submits the form.</summary>
    private static readonly (string Name, (string, string)[] Headers)[] CrossSite =
    [
        ("another site's Origin", [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")]),
        ("Origin: null", [("Origin", "null")]),
        ("Sec-Fetch-Site: cross-site without Origin", [("Sec-Fetch-Site", "cross-site")]),
        ("our host on another port", [("Origin", "http://localhost:8080")]),
        ("our host over another scheme", [("Origin", "https://localhost")]),
        ("our Origin but Sec-Fetch-Site: cross-site", [("Origin", PublicOrigin), ("Sec-Fetch-Site", "cross-site")]),
    ];

    private static readonly (string, string)[] SameOrigin = [("Origin", PublicOrigin), ("Sec-Fetch-Site", "same-origin")];

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_cross_site_post_of_a_valid_form_is_refused_and_changes_nothing_while_our_own_page_posts_it(string form)
    {
        var insideWindow = form is "exception" or "approval";
        await using var scenario = await HostileScenario.StartAsync(insideWindow: insideWindow, requestApproval: form == "approval");
        var target = await FormTarget.PrepareAsync(form, scenario);
        var before = await target.StateAsync();

        foreach (var (name, headers) in CrossSite)
        {
            using var refused = await target.PostAsync(headers, acceptHtml: true);
            var page = await refused.Content.ReadAsStringAsync(Ct);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{form} with {name}: {(int)refused.StatusCode} {page}");
            Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("did not come from our page", page);
            Assert.Equal(before, await target.StateAsync());
        }
        using var refusedApi = await target.PostAsync(CrossSite[0].Headers, acceptHtml: false);
        Assert.Equal(HttpStatusCode.Forbidden, refusedApi.StatusCode);
        Assert.Equal("application/problem+json", refusedApi.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await target.StateAsync());

        using var accepted = await target.PostAsync(SameOrigin, acceptHtml: true);

        Assert.True(accepted.StatusCode is HttpStatusCode.SeeOther or HttpStatusCode.OK, $"{form}: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(Ct)}");
        Assert.NotEqual(before, await target.StateAsync());
    }

    [Fact]
    public async Task Posts_without_Origin_from_older_browsers_or_with_a_same_site_fetch_still_work()
    {
        await using var scenario = await HostileScenario.StartAsync(insideWindow: false);
        var upload = await FormTarget.PrepareAsync("upload", scenario);
        (string, string)[][] accepted = [[("Sec-Fetch-Site", "same-origin")], [("Sec-Fetch-Site", "same-site")], [], SameOrigin];

        for (var i = 0; i < accepted.Length; i++)
        {
            using var response = await upload.PostAsync(accepted[i], acceptHtml: true);
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await upload.StateAsync());
        }
    }

    [Fact]
    public async Task A_cross_site_post_to_the_JSON_API_is_refused_too()
    {
        await using var scenario = await HostileScenario.StartAsync(insideWindow: false);
        var before = await scenario.AppointmentRowsAsync();
        using var client = scenario.CreateClient(staff: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/self-service/{scenario.ManageToken}/cancel")
        {
            Content = JsonContent.Create(new { reasonCode = "other", version = 1 }),
        };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await scenario.AppointmentRowsAsync());
    }

    /// <summary>A page form, filled as our page fills it (with its real form token), and a way to tell whether posting it changed anything.</summary>
    private sealed class FormTarget(string path, Func<HttpContent> body, Func<Task<string>> state, HostileScenario scenario)
    {
        public Task<string> StateAsync() => state();

        public async Task<HttpResponseMessage> PostAsync(IEnumerable<(string Name, string Value)> headers, bool acceptHtml)
        {
            using var client = scenario.CreateClient(staff: false);
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body() };
            if (acceptHtml) request.Headers.Add("Accept", "text/html,application/xhtml+xml");
            foreach (var (name, value) in headers) request.Headers.Add(name, value);
            return await client.SendAsync(request, Ct);
        }

        public static async Task<FormTarget> PrepareAsync(string form, HostileScenario scenario)
        {
            var manage = $"/api/manage/{scenario.ManageToken}";
            if (form == "rebook")
                (await scenario.CreateClient(staff: false).PostAsJsonAsync($"/api/self-service/{scenario.ManageToken}/cancel", new { reasonCode = "other", version = 1 }, Ct))
                    .EnsureSuccessStatusCode();
            var pagePath = form == "approval" ? $"/api/approvals/review/{scenario.ApprovalToken}" : manage;
            var page = await scenario.CreateClient(staff: false).GetStringAsync(pagePath, Ct);
            var token = FormToken().Match(page).Groups[1].Value;
            var version = VersionField().Match(page) is { Success: true } v ? v.Groups[1].Value : "0";
            Func<Task<string>> appointment = async () => string.Join(";", await scenario.AppointmentRowsAsync());
            return form switch
            {
                "cancel" => new(manage + "/cancel", () => Form(token, version, ("reasonCode", "schedule-conflict")), appointment, scenario),
                "reschedule" => new(manage + "/reschedule", () => Form(token, version, ("start", "2026-12-02T10:00")), appointment, scenario),
                "rebook" => new(manage + "/rebook", () => Form(token, version, ("start", "2026-12-02T10:00")), appointment, scenario),
                "exception" => new(manage + "/exception", () => Form(token, version, ("action", "reschedule"), ("start", "2026-12-01T11:00"), ("reason", "Car trouble")),
                    async () => (await scenario.App.Services.GetRequiredService<ApprovalStore>().ListAsync(
                        Domain.Booking.ShopId.Parse("queens-blvd"), "2026-11-01", Ct)).Count.ToString(System.Globalization.CultureInfo.InvariantCulture), scenario),
                "upload" => new(manage + "/documents", () => new MultipartFormDataContent
                {
                    { new StringContent(token), "formToken" }, { new StringContent(version), "version" }, { new StringContent("The brakes squeal"), "note" },
                }, async () => (await scenario.CreateClient().GetFromJsonAsync<List<object>>($"/api/appointments/{scenario.AppointmentId}/documents", Ct))!.Count
                    .ToString(System.Globalization.CultureInfo.InvariantCulture), scenario),
                "approval" => new($"/api/approvals/review/{scenario.ApprovalToken}", () => Form(token, null, ("decision", "deny"), ("reasonCode", "policy-exception")),
                    async () => (await scenario.App.Services.GetRequiredService<ApprovalStore>().FindAsync(scenario.ApprovalId, Ct))!.Status.ToString(), scenario),
                _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
            };
        }

        private static FormUrlEncodedContent Form(string token, string? version, params (string Name, string Value)[] fields) =>
            new([new("formToken", token), .. version is null ? [] : new[] { new KeyValuePair<string, string>("version", version) },
                .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
    }

    [GeneratedRegex("""name="formToken" value="([^"]+)"\s*>""")]
    private static partial Regex FormToken();

    [GeneratedRegex("""name="version" value="(\d+)"\s*>""")]
    private static partial Regex VersionField();
}
