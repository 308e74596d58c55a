using System.Text.Json;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>
/// The notification operations read their query strings and bodies themselves, so the OpenAPI document knows
/// those only from what each operation declares: every operation keeps its path, method, query parameters and body.
/// </summary>
public sealed class NotificationsOpenApiTests
{
    /// <param name="Body">null: none; false: optional; true: required.</param>
    private sealed record Operation(string Id, string Method, string Path, string[] Query, bool? Body);

    private static readonly Operation[] Operations =
    [
        new("GetConsent", "get", "/api/consents", ["email", "phone"], null),
        new("ChangeConsent", "post", "/api/consents", [], true),
        new("SelfServiceSetPreferences", "post", "/api/self-service/{token}/preferences", [], true),
        new("DownloadAppointmentCalendar", "get", "/api/calendar/{token}.ics", [], null),
        new("ListAppointmentDeliveries", "get", "/api/appointments/{appointmentId}/deliveries", [], null),
        new("ListUndeliveredMessages", "get", "/api/shops/{shopId}/undelivered-messages", ["after", "pageSize"], null),
        new("RetryUndeliveredMessage", "post", "/api/shops/{shopId}/undelivered-messages/{messageId}/retry", [], false),
        new("ReceiveInboundSms", "post", "/api/sms/inbound", ["code"], null),
        new("ListSmsOutbox", "get", "/api/ops/sms-outbox", ["to"], null),
        new("ShowSmsOutbox", "get", "/api/ops/sms-outbox/page", ["to"], null),
        new("ListMessageTemplates", "get", "/api/shops/{shopId}/templates", [], null),
        new("ListMessageTemplateChanges", "get", "/api/shops/{shopId}/templates/audit", [], null),
        new("GetMessageTemplate", "get", "/api/shops/{shopId}/templates/{kind}/{channel}/{language}", [], null),
        new("SetMessageTemplate", "put", "/api/shops/{shopId}/templates/{kind}/{channel}/{language}", [], true),
        new("ResetMessageTemplate", "delete", "/api/shops/{shopId}/templates/{kind}/{channel}/{language}", ["part", "reasonCode"], null),
        new("PreviewMessageTemplate", "post", "/api/shops/{shopId}/templates/{kind}/{channel}/{language}/preview", [], false),
    ];

    [Fact]
    public async Task The_openapi_document_describes_every_notification_operation_with_its_query_parameters_and_body()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        using var client = app.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        Assert.All(Operations, expected => Describes(document.RootElement.GetProperty("paths"), expected));
    }

    private static void Describes(JsonElement paths, Operation expected)
    {
        var (operationId, method, path, query, body) = (expected.Id, expected.Method, expected.Path, expected.Query, expected.Body);

        Assert.True(paths.TryGetProperty(path, out var item), $"the document has {path}");
        Assert.True(item.TryGetProperty(method, out var operation), $"{path} has {method}");
        Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
        Assert.True(query.Order(StringComparer.Ordinal).SequenceEqual(
            parameters.Where(x => x.GetProperty("in").GetString() == "query").Select(x => x.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)),
            $"{operationId} documents the query parameters {string.Join(", ", query)}");
        Assert.All(path.Split('/').Where(s => s.StartsWith('{')).Select(s => s[1..s.IndexOf('}', StringComparison.Ordinal)]),
            name => Assert.Contains(parameters, x => x.GetProperty("in").GetString() == "path" && x.GetProperty("name").GetString() == name));
        Assert.True(operation.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{operationId} documents its success");
        Assert.True((body is not null) == operation.TryGetProperty("requestBody", out var requestBody), $"{operationId} documents a body: {body is not null}");
        if (body is { } required)
        {
            Assert.True(requestBody.GetProperty("content").TryGetProperty("application/json", out _), $"{operationId} takes JSON");
            Assert.True(required == (requestBody.TryGetProperty("required", out var r) && r.GetBoolean()), $"{operationId}'s body is required: {required}");
        }
    }
}
