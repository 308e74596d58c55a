using System.Net;
using System.Net.Http.Json;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Storage;
using AutoShop.Functions.Tests.Support;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.SelfService;

/// <summary>A move to another day is two transactions; a crash between them must leave one slot held, never both or neither.</summary>
public sealed class MoveRecoveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private AutoShopApp app = null!;
    private StorageProbe probe = null!;
    private string id = "";

    public async ValueTask InitializeAsync()
    {
        var storage = TestStorage.NewAccount();
        app = new AutoShopApp(storage) { Clock = clock, TriggersOff = true };
        probe = new StorageProbe(storage);
        await BookingScenario.SeedAsync(app);
        id = (await BookingScenario.BookAsync(app, "2026-12-01T09:00")).GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<TableEntity>> RowsAsync(string day, string prefix) =>
        await probe.Table(TableNames.Schedule).QueryAsync<TableEntity>(e => e.PartitionKey == $"queens-blvd|{day}", cancellationToken: Ct)
            .Where(e => e.RowKey.StartsWith(prefix, StringComparison.Ordinal)).ToListAsync(Ct);

    [Fact]
    public async Task A_move_interrupted_before_its_commit_is_rolled_back_by_the_sweep()
    {
        // Step (a) of a move to Dec 2 happened (claims + marker) and the process died before step (b).
        var target = "2026-12-02";
        await probe.Table(TableNames.Schedule).SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity($"queens-blvd|{target}", "move|" + id)
            {
                ["FromPartition"] = "queens-blvd|2026-12-01", ["AddedClaims"] = "bay_lift-1_20261202T1500Z", ["Version"] = 2,
                ["MoveStartedAt"] = clock.GetUtcNow(), ["Document"] = (await RowsAsync("2026-12-01", "appt|")).Single().GetString("Document"),
            }),
            new(TableTransactionActionType.Add, new TableEntity($"queens-blvd|{target}", "claim|bay_lift-1_20261202T1500Z") { ["AppointmentId"] = id }),
        ], Ct);
        clock.Advance(TimeSpan.FromMinutes(2));

        await app.InvokeTimerFunctionAsync("ResolveStaleMoves", Ct);

        Assert.Empty(await RowsAsync(target, "move|"));
        Assert.Empty(await RowsAsync(target, "claim|"));
        var appointment = await BookingScenario.LoadAsync(app, id);
        Assert.Equal(1, appointment.Version);
        Assert.NotEmpty(await RowsAsync("2026-12-01", "claim|"));
    }

    [Fact]
    public async Task A_move_interrupted_after_its_commit_is_finished_when_the_appointment_is_next_read()
    {
        var response = await app.CreateStaffClient().PostAsJsonAsync($"/api/appointments/{id}/reschedule",
            new { start = "2026-12-02T10:00", reasonCode = "staff-override" }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Simulate a crash after step (b): the new day has only the marker again, not the appointment row.
        var table = probe.Table(TableNames.Schedule);
        var row = (await RowsAsync("2026-12-02", "appt|")).Single();
        var marker = new TableEntity(row.PartitionKey, "move|" + id);
        foreach (var (k, v) in row) if (k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) marker[k] = v;
        marker["FromPartition"] = "queens-blvd|2026-12-01";
        await table.AddEntityAsync(marker, Ct);
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All, Ct);

        var appointment = await BookingScenario.LoadAsync(app, id);

        Assert.Equal(2, appointment.Version);
        Assert.Single(await RowsAsync("2026-12-02", "appt|"));
        Assert.Empty(await RowsAsync("2026-12-02", "move|"));
        Assert.Empty(await RowsAsync("2026-12-01", "claim|"));
        Assert.NotEmpty(await RowsAsync("2026-12-02", "claim|"));
    }

    [Fact]
    public async Task Staff_can_move_an_appointment_outside_the_policy_but_never_onto_a_taken_slot()
    {
        var other = (await BookingScenario.BookAsync(app, "2026-12-01T13:00", service: "ac-recharge", email: "x@example.com")).GetProperty("id").GetString();
        Assert.NotNull(other);
        var mine = (await BookingScenario.BookAsync(app, "2026-12-01T09:00", service: "ac-recharge", email: "y@example.com")).GetProperty("id").GetString();

        var onto = await app.CreateStaffClient().PostAsJsonAsync($"/api/appointments/{mine}/reschedule", new { start = "2026-12-01T13:00", reasonCode = "staff-override" }, Ct);
        var noReason = await app.CreateStaffClient().PostAsJsonAsync($"/api/appointments/{mine}/reschedule", new { start = "2026-12-01T15:00" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, onto.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(1, (await BookingScenario.LoadAsync(app, mine!)).Version);
    }
}
