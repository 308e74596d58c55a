using System.Text.Json;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.JobCards;

public sealed class JobCardOpenApiTests
{
    [Fact]
    public async Task The_openapi_document_describes_the_job_card_inventory_and_document_endpoints()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        using var client = app.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "/api/appointments/{appointmentId}/job-card", "/api/appointments/{appointmentId}/job-card/lines",
            "/api/appointments/{appointmentId}/job-card/lines/{lineId}", "/api/shops/{shopId}/job-cards",
            "/api/shops/{shopId}/inventory", "/api/shops/{shopId}/inventory/{sku}/adjustments", "/api/shops/{shopId}/inventory/{sku}/receipts",
            "/api/shops/{shopId}/procurement-requests", "/api/shops/{shopId}/procurement-requests/{requestId}/status",
            "/api/appointments/{appointmentId}/documents", "/api/appointments/{appointmentId}/documents/{documentId}",
        }, paths);
    }
}
