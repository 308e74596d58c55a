using System.Net;
using System.Net.Http.Json;
using AutoShop.Domain.Approvals;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.SelfService;

/// <summary>
/// The app with the demo shops, two approvers of its own and a clock on Monday 30 November 2026 20:00 UTC,
/// with helpers to book (as of a week earlier), ask for exceptions through the manage link and read requests and the ledger.
/// </summary>
internal sealed class ExceptionScenario : IAsyncDisposable
{
    private ExceptionScenario(AutoShopApp app, string connectionString, FakeTimeProvider clock, string approver)
    {
        App = app;
        ConnectionString = connectionString;
        Clock = clock;
        Approver = approver;
    }

    public AutoShopApp App { get; }
    public string ConnectionString { get; }
    public FakeTimeProvider Clock { get; }

    /// <summary>The first approver; the second is <c>second-{Approver}</c>.</summary>
    public string Approver { get; }

    public IReadOnlyList<string> Approvers => [Approver, "second-" + Approver];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ExceptionScenario> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var approver = $"approver-{Guid.NewGuid():n}@autoshop.test";
        var connection = TestStorage.NewAccount();
        // The approvals run as an orchestration: the durable worker tells the approvers and keeps the deadline.
        var app = new AutoShopApp(connection) { Clock = clock, Durable = true };
        app.Settings["Approvals:Approvers"] = approver + ",second-" + approver;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) app.Settings[key] = value;
        await BookingScenario.SeedAsync(app);
        return new ExceptionScenario(app, connection, clock, approver);
    }

    /// <summary>Books as a customer would, at the scenario's time (24 November until <see cref="ToMondayEvening"/>); returns the id and its manage token.</summary>
    public async Task<(string Id, string Token)> BookAsync(string start, string email)
    {
        var id = (await BookingScenario.BookAsync(App, start, email: email)).GetProperty("id").GetString()!;
        return (id, await BookingScenario.ManageTokenAsync(App, id));
    }

    /// <summary>Monday 30 November 20:00 UTC: 18 h before a 09:00 New York start on 1 December, inside the default 24 h window.</summary>
    public void ToMondayEvening() => Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.Zero));

    public Task<HttpResponseMessage> AskAsync(string token, string start = "2026-12-01T11:00", int version = 1) =>
        App.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/exception",
            new { action = "reschedule", start, reason = "My car broke down on the way", version }, Ct);

    public async Task<ApprovalDto> RequestAsync(string token, string start = "2026-12-01T11:00")
    {
        using var response = await AskAsync(token, start);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ApprovalDto>(Ct))!;
    }

    public async Task<ApprovalRequest> FindAsync(string requestId) =>
        (await App.Services.GetRequiredService<ApprovalStore>().FindAsync(requestId, Ct))!;

    public Task<HttpResponseMessage> DecideAsync(string requestId, string decision, string reasonCode, string? note = null) =>
        App.CreateStaffClient().PostAsJsonAsync($"/api/approvals/{requestId}/decision", new { decision, reasonCode, note }, Ct);

    public async Task<List<AuditRecordDto>> LedgerOfAsync(string appointmentId) =>
        [.. (await App.CreateStaffClient().GetFromJsonAsync<AuditPageDto>($"/api/audit?appointmentId={appointmentId}", Ct))!.Items];

    /// <summary>Polls the appointment's ledger until it holds <paramref name="action"/>.</summary>
    public Task<List<AuditRecordDto>> LedgerWithAsync(string appointmentId, string action) =>
        Eventually.Until(() => LedgerOfAsync(appointmentId), records => records.Any(r => r.Action == action), because: $"{action} is chained for {appointmentId}");

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
