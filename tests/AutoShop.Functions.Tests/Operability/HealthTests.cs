using System.Net;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Operability;

public class HealthTests
{
    /// <summary>Nothing listens on the discard port.</summary>
    private const string DeadStorage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    [Fact]
    public async Task Health_is_ok_when_storage_answers()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());

        var response = await app.CreateClient().GetAsync("/api/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_app_starts_while_storage_is_down_and_health_answers_503_problem_details()
    {
        await using var app = new AutoShopApp(DeadStorage) { AwaitStorage = false };

        var response = await app.CreateClient().GetAsync("/api/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("unreachable", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
