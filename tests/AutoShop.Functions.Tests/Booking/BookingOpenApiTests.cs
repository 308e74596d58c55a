using System.Text.Json;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>
/// The OpenAPI document describes every shop, availability, appointment and schedule operation: its name,
/// tag, query parameters and body, which functions declare with attributes since they read them themselves.
/// </summary>
public sealed class BookingOpenApiTests
{
    public static TheoryData<string, string, string, string, string, string> Operations => new()
    {
        // method, path, operation, tag, query parameters (name:type, ! when required), body schema (? when optional)
        { "get", "/api/shops", "ListShops", "Shops", "", "" },
        { "get", "/api/shops/{shopId}", "GetShop", "Shops", "", "" },
        { "get", "/api/shops/{shopId}/services", "ListShopServices", "Shops", "", "" },
        { "get", "/api/shops/{shopId}/technicians", "ListTechnicians", "Shops", "", "" },
        { "get", "/api/shops/{shopId}/bays", "ListBays", "Shops", "", "" },
        { "get", "/api/shops/{shopId}/tools", "ListTools", "Shops", "", "" },
        { "get", "/api/shops/{shopId}/availability", "FindAvailability", "Booking", "services:string! from:string to:string limit:integer preferAfterParts:boolean", "" },
        { "get", "/api/shops/{shopId}/schedule", "GetShopSchedule", "Booking", "date:string!", "" },
        { "post", "/api/appointments", "BookAppointment", "Appointments", "", "BookAppointmentRequest" },
        { "get", "/api/appointments/{appointmentId}", "GetAppointment", "Appointments", "", "" },
        { "post", "/api/appointments/{appointmentId}/check-in", "CheckInAppointment", "Appointments", "", "StaffChangeRequest?" },
        { "post", "/api/appointments/{appointmentId}/complete", "CompleteAppointment", "Appointments", "", "StaffChangeRequest?" },
        { "post", "/api/appointments/{appointmentId}/no-show", "MarkAppointmentNoShow", "Appointments", "", "StaffChangeRequest?" },
        { "post", "/api/appointments/{appointmentId}/cancel", "CancelAppointmentByStaff", "Appointments", "", "StaffChangeRequest?" },
        { "post", "/api/appointments/{appointmentId}/reschedule", "RescheduleAppointmentByStaff", "Appointments", "", "StaffRescheduleRequest" },
    };

    private static readonly Lazy<Task<JsonDocument>> Document = new(async () =>
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        using var client = app.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
    });

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task The_openapi_document_describes_the_operation_with_its_query_and_body(
        string method, string path, string operationId, string tag, string query, string body)
    {
        var operation = (await Document.Value).RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        Assert.Equal([tag], operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        Assert.Equal(query.Split(' ', StringSplitOptions.RemoveEmptyEntries), QueryOf(operation));
        Assert.Equal(body, BodyOf(operation));
        Assert.Contains(operationId == "BookAppointment" ? "201" : "200", operation.GetProperty("responses").EnumerateObject().Select(r => r.Name));
    }

    private static IEnumerable<string> QueryOf(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p =>
                $"{p.GetProperty("name").GetString()}:{TypeOf(p.GetProperty("schema"))}{(p.TryGetProperty("required", out var r) && r.GetBoolean() ? "!" : "")}")
            : [];

    private static string TypeOf(JsonElement schema) => schema.GetProperty("type") switch
    {
        { ValueKind: JsonValueKind.Array } types => types.EnumerateArray().First().GetString()!, // an int32 reads from a string too
        var type => type.GetString()!,
    };

    private static string BodyOf(JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body)) return "";
        var reference = body.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var required = body.TryGetProperty("required", out var r) && r.GetBoolean();
        return reference.Split('/')[^1] + (required ? "" : "?");
    }
}
