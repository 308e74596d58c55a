using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Operability;

public sealed class StaffAuthenticationTests : IAsyncDisposable
{
    private readonly AutoShopApp app = new(TestStorage.NewAccount());

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_staff_endpoint_without_credentials_answers_401_problem_details()
    {
        var response = await app.CreateClient().GetAsync("/api/ops/poison-messages", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "wrong-key-wrong-key-wrong");

        var response = await client.GetAsync("/api/ops/poison-messages", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_configured_api_key_opens_staff_endpoints()
    {
        var response = await app.CreateStaffClient().GetAsync("/api/ops/poison-messages", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Problem_details_carry_the_callers_correlation_id()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/ops/poison-messages");
        request.Headers.Add("X-Correlation-Id", "corr-abcdef123");

        var response = await app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("corr-abcdef123", response.Headers.GetValues("X-Correlation-Id").Single());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("corr-abcdef123", problem.GetProperty("correlationId").GetString());
    }
}
