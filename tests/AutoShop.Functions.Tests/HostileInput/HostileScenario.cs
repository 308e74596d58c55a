using System.Net;
using System.Net.Http.Json;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Storage;
using Azure.Data.Tables;
using AutoShop.Functions.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.HostileInput;

/// <summary>
/// The app with a shop, a booked appointment, a pending exception request and the links that reach
/// them, so hostile requests get past "not found" into the code that reads their input.
/// </summary>
public sealed class HostileScenario : IAsyncDisposable
{
    public const string WebhookKey = "hostile-input-webhook-key-0123456789";
    public const string Approver = "approver@autoshop.test";

    private HostileScenario(AutoShopApp app) => App = app;

    public AutoShopApp App { get; }
    public string AppointmentId { get; private set; } = "";
    public string ManageToken { get; private set; } = "";
    public string ApprovalId { get; private set; } = "";
    public string ApprovalToken { get; private set; } = "";

    /// <param name="insideWindow">Moves the clock inside the 24 h policy window, where customers ask for exceptions.</param>
    /// <param name="requestApproval">Inside the window, asks for an exception so an approval link exists.</param>
    public static async Task<HostileScenario> StartAsync(string environment = "Testing", bool insideWindow = true, bool requestApproval = true)
    {
        // 2026-11-24 12:00Z books 2026-12-01 09:00 New York; on 2026-11-30 20:00Z a change is inside the 24 h window.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var app = new AutoShopApp(TestStorage.NewAccount()) { Clock = clock, Environment = environment };
        app.Settings["Links:TokenRequestsPerMinute"] = "1000000";
        app.Settings["Documents:MaxFileBytes"] = "262144";
        app.Settings["Sms:InboundWebhookKey"] = WebhookKey;
        app.Settings["Approvals:Approvers"] = Approver;
        app.Settings["Reporting:DashboardSigningKey"] = "hostile-input-dashboard-signing-key-0123456789";
        var scenario = new HostileScenario(app);
        await BookingScenario.SeedAsync(app);
        scenario.AppointmentId = (await BookingScenario.BookAsync(app, "2026-12-01T09:00")).GetProperty("id").GetString()!;
        scenario.ManageToken = await BookingScenario.ManageTokenAsync(app, scenario.AppointmentId);
        if (!insideWindow) return scenario;
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.Zero));
        if (!requestApproval) return scenario;
        var requested = await app.CreateClient().PostAsJsonAsync($"/api/self-service/{scenario.ManageToken}/exception",
            new { action = "reschedule", start = "2026-12-01T11:00", reason = "Car trouble", version = 1 });
        if (requested.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"The exception request failed: {(int)requested.StatusCode} {await requested.Content.ReadAsStringAsync()}");
        scenario.ApprovalId = (await requested.Content.ReadFromJsonAsync<ApprovalDto>())!.Id;
        var request = await app.Services.GetRequiredService<ApprovalStore>().FindAsync(scenario.ApprovalId, CancellationToken.None);
        scenario.ApprovalToken = app.Services.GetRequiredService<ApproverLinks>().Token(request!, Approver);
        return scenario;
    }

    public HttpClient CreateClient(bool staff = true)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (staff) client.DefaultRequestHeaders.Add("X-Api-Key", AutoShopApp.StaffKey);
        return client;
    }

    /// <summary>A plausible value for a route parameter, so the request reaches the operation's own input handling.</summary>
    public string RouteValue(AppOperation operation, string parameter) => parameter switch
    {
        "shopId" => "queens-blvd",
        "appointmentId" => AppointmentId,
        "requestId" when operation.Route.RawText!.StartsWith("/api/approvals", StringComparison.Ordinal) => ApprovalId,
        "token" when operation.Route.RawText!.StartsWith("/api/approvals/review", StringComparison.Ordinal) => ApprovalToken,
        "token" => ManageToken,
        "sku" => "OIL-5W30-QT",
        "serviceCode" => "oil-change",
        "kind" => "confirmation",
        "channel" => "email",
        "language" => "en",
        "documentName" => "v1",
        _ => "plausible-1",
    };

    /// <summary>A plausible value for a query parameter when the request's hostility is elsewhere.</summary>
    public static string QueryValue(string name) => name switch
    {
        "code" => WebhookKey,
        "shopId" => "queens-blvd",
        "from" or "date" or "day" => "2026-12-01",
        "to" => "2026-12-07",
        "services" => "oil-change",
        _ => "1",
    };

    /// <summary>Every appointment row with its ETag: equal before and after means no appointment was written.</summary>
    public async Task<List<(string Partition, string Row, string ETag)>> AppointmentRowsAsync()
    {
        var table = App.Services.GetRequiredService<StorageClients>().Tables.GetTableClient(TableNames.Schedule);
        var rows = new List<(string, string, string)>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.RowKey.CompareTo("appt|") >= 0 && r.RowKey.CompareTo("appt|~") < 0,
            select: ["PartitionKey", "RowKey"], cancellationToken: TestContext.Current.CancellationToken))
            rows.Add((row.PartitionKey, row.RowKey, row.ETag.ToString()));
        return [.. rows.Order()];
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
