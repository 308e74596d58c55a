using System.Text.Json;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Operations;

/// <summary>
/// The approval, audit, poison-message and health functions read their query strings themselves, so the OpenAPI
/// document knows their parameters only from what each declares; each keeps its operation id (the function name).
/// </summary>
public sealed class StaffOperationsOpenApiTests
{
    [Fact]
    public async Task The_openapi_document_describes_each_operation_with_its_name_query_parameters_and_body()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        using var client = app.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var paths = document.RootElement.GetProperty("paths");
        JsonElement Op(string path, string method) => paths.GetProperty(path).GetProperty(method);
        string[] Query(JsonElement op) => op.TryGetProperty("parameters", out var ps)
            ? [.. ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!)] : [];
        Assert.Equal(
            ["ListApprovals", "GetApproval", "DecideApproval", "VerifyAuditChain", "QueryAuditRecords", "Health", "ListPoisonMessages", "ReplayPoisonMessage", "ReplayPoisonQueue"],
            new[]
            {
                Op("/api/approvals", "get"), Op("/api/approvals/{requestId}", "get"), Op("/api/approvals/{requestId}/decision", "post"),
                Op("/api/shops/{shopId}/audit/verify", "get"), Op("/api/audit", "get"), Op("/api/health", "get"),
                Op("/api/ops/poison-messages", "get"), Op("/api/ops/poison-messages/{queue}/{id}/replay", "post"), Op("/api/ops/poison-messages/{queue}/replay", "post"),
            }.Select(o => o.GetProperty("operationId").GetString()));
        Assert.Equal(["shopId", "status", "minAgeHours"], Query(Op("/api/approvals", "get")));
        Assert.Equal(["appointmentId", "shopId", "from", "to", "actor", "action", "limit", "continuation"], Query(Op("/api/audit", "get")));
        Assert.Equal(["from", "to"], Query(Op("/api/shops/{shopId}/audit/verify", "get")));
        Assert.Equal(["queue", "limit", "continuation"], Query(Op("/api/ops/poison-messages", "get")));
        Assert.True(Op("/api/approvals/{requestId}/decision", "post").GetProperty("requestBody").GetProperty("required").GetBoolean());
        Assert.False(Op("/api/ops/poison-messages/{queue}/replay", "post").GetProperty("requestBody").TryGetProperty("required", out _));
        Assert.Contains("503", Op("/api/health", "get").GetProperty("description").GetString());
        // The approver's page carries a signed token in its path: it stays out of the document.
        Assert.False(paths.TryGetProperty("/api/approvals/review/{token}", out _));
    }
}
