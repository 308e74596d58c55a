using System.Net;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.SelfService;

public class RateLimitTests
{
    [Fact]
    public async Task Token_endpoints_answer_429_with_retry_after_once_a_client_exceeds_its_budget()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        app.Settings["Links:TokenRequestsPerMinute"] = "3";
        var client = app.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++) answers.Add(await client.GetAsync("/api/self-service/not-a-token", TestContext.Current.CancellationToken));

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.Forbidden, a.StatusCode));
        Assert.All(answers.Skip(3), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.True(int.Parse(answers[^1].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", answers[^1].Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_approvers_review_page_and_its_form_post_answer_429_once_a_client_exceeds_its_budget()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        app.Settings["Links:TokenRequestsPerMinute"] = "3";
        var client = app.CreateClient();

        // Bounded; a fixed window that turns over mid-test only delays the first refusal.
        var pages = new List<HttpStatusCode>();
        while (pages.Count < 20 && (pages.Count == 0 || pages[^1] != HttpStatusCode.TooManyRequests))
        {
            using var page = await client.GetAsync("/api/approvals/review/not-a-token", TestContext.Current.CancellationToken);
            pages.Add(page.StatusCode);
        }
        using var post = await client.PostAsync("/api/approvals/review/not-a-token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve" }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, pages[^1]);
        Assert.InRange(pages.Count - 1, 3, 6);
        Assert.All(pages[..^1], p => Assert.Equal(HttpStatusCode.Forbidden, p));
        Assert.Equal(HttpStatusCode.TooManyRequests, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
    }
}
