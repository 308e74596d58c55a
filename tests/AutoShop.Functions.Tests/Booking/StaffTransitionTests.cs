using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Tests.Support;
using Azure.Data.Tables;

namespace AutoShop.Functions.Tests.Booking;

public sealed class StaffTransitionTests : IAsyncLifetime
{
    private const string Partition = "queens-blvd|2026-12-01";
    private BookingHarness shop = null!;
    private HttpClient staff = null!;

    public async ValueTask InitializeAsync()
    {
        shop = await BookingHarness.StartAsync();
        staff = shop.App.CreateStaffClient();
    }

    public async ValueTask DisposeAsync()
    {
        staff.Dispose();
        await shop.DisposeAsync();
    }

    [Fact]
    public async Task Staff_read_an_appointment_by_id_and_get_404_problem_details_for_an_unknown_one()
    {
        var id = await BookAsync("2026-12-01T09:00");

        var found = await staff.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}", TestContext.Current.CancellationToken);
        using var unknown = await staff.GetAsync("/api/appointments/20261201-abcdefghijkm-queens-blvd", TestContext.Current.CancellationToken);
        using var garbage = await staff.GetAsync("/api/appointments/not-an-id", TestContext.Current.CancellationToken);
        using var anonymous = await shop.App.CreateClient().GetAsync($"/api/appointments/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(id, found.GetProperty("id").GetString());
        Assert.Equal("booked", found.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Check_in_then_complete_bump_the_version_and_each_writes_an_audit_row_and_an_updated_event()
    {
        var id = await BookAsync("2026-12-01T09:00");

        using var checkIn = await ChangeAsync(id, "check-in", new { expectedVersion = 1 });
        var checkedIn = await checkIn.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        using var complete = await ChangeAsync(id, "complete", new { expectedVersion = 2 });
        var completed = await complete.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, checkIn.StatusCode);
        Assert.Equal(("checked-in", 2), (checkedIn.GetProperty("status").GetString(), checkedIn.GetProperty("version").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(("completed", 3), (completed.GetProperty("status").GetString(), completed.GetProperty("version").GetInt32()));
        var audit = await AuditAsync(id);
        Assert.Equal(["booked", "checked-in", "completed"], audit.Select(a => a.GetString("Action")));
        Assert.Equal([1, 2, 3], audit.Select(a => a.GetInt32("Version") ?? 0));
        Assert.All(audit.Skip(1), a => Assert.Equal(("staff", AutoShopApp.StaffId), (a.GetString("ActorKind"), a.GetString("ActorId"))));
        var events = await Eventually.Until(() => shop.EventsAsync(), e => e.Count >= 3, because: "three events reach the subscriber");
        Assert.Equal([$"{id}.v1", $"{id}.v2", $"{id}.v3"], events.Select(e => e.Id).Order());
        Assert.Equal(["booked", "checked-in", "completed"], events.OrderBy(e => e.Id).Select(e => AppointmentCloudEvents.Read(e).Change));
        Assert.Equal(AppointmentCloudEvents.Updated, events.Single(e => e.Id == $"{id}.v3").Type);
    }

    [Fact]
    public async Task Completing_a_job_that_was_not_checked_in_and_a_no_show_before_the_start_are_409_and_write_nothing()
    {
        var id = await BookAsync("2026-12-01T09:00");
        var before = await shop.ScheduleRowsAsync(Partition);

        using var complete = await ChangeAsync(id, "complete", new { });
        using var noShow = await ChangeAsync(id, "no-show", new { reasonCode = "no-show" });

        Assert.Equal(HttpStatusCode.Conflict, complete.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, noShow.StatusCode);
        Assert.Equal("application/problem+json", noShow.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Keys(before), Keys(await shop.ScheduleRowsAsync(Partition)));
    }

    [Fact]
    public async Task Each_event_names_the_key_of_the_audit_row_its_change_wrote()
    {
        var id = await BookAsync("2026-12-01T09:00");
        shop.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 14, 20, 0, TimeSpan.Zero));
        using var noShow = await ChangeAsync(id, "no-show", new { reasonCode = "no-show", expectedVersion = 1 });

        var events = await Eventually.Until(() => shop.EventsAsync(), e => e.Count >= 2, because: "both changes publish their events");
        var derived = events.Select(e => (Event: e, Data: AppointmentCloudEvents.Read(e)))
            .OrderBy(x => x.Data.Appointment.Version)
            .Select(x => AutoShop.Functions.Audit.ScheduleAuditRecords.RowKey(
                AutoShop.Domain.Booking.AppointmentId.Parse(id!), x.Data.Appointment.Version, x.Event.Time, x.Data.Change));

        Assert.Equal(HttpStatusCode.OK, noShow.StatusCode);
        Assert.Equal((await AuditAsync(id)).Select(a => a.RowKey), derived);
    }

    [Fact]
    public async Task A_no_show_after_the_start_is_recorded_with_its_reason_and_frees_the_resources()
    {
        var id = await BookAsync("2026-12-01T09:00");
        shop.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 14, 20, 0, TimeSpan.Zero));

        using var noShow = await ChangeAsync(id, "no-show", new { reasonCode = "no-show", expectedVersion = 1 });

        Assert.Equal(HttpStatusCode.OK, noShow.StatusCode);
        var rows = await shop.ScheduleRowsAsync(Partition);
        Assert.Empty(BookingHarness.WithPrefix(rows, "claim|"));
        var audit = (await AuditAsync(id)).Last();
        Assert.Equal(("marked-no-show", "no-show"), (audit.GetString("Action"), audit.GetString("ReasonCode")));
    }

    [Fact]
    public async Task Cancelling_with_a_reason_frees_the_slot_so_the_same_start_can_be_booked_again()
    {
        var id = await BookAsync("2026-12-01T09:00", "ac-recharge");
        using (var taken = await BookingHarness.BookAsync(shop.App.CreateClient(), BookingRequests.Valid("2026-12-01T09:00", "ac-recharge")))
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);

        using var cancel = await ChangeAsync(id, "cancel", new { reasonCode = "customer-request", expectedVersion = 1 });

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("customer-request", cancelled.GetProperty("cancellation").GetProperty("reasonCode").GetString());
        Assert.Empty(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(Partition), "claim|"));
        var audit = (await AuditAsync(id)).Last();
        Assert.Equal(("cancelled", "customer-request", 2), (audit.GetString("Action"), audit.GetString("ReasonCode"), audit.GetInt32("Version") ?? 0));
        var again = await BookAsync("2026-12-01T09:00", "ac-recharge");
        Assert.NotEqual(id, again);
        var events = await Eventually.Until(() => shop.EventsAsync(), e => e.Count >= 3, because: "booked, cancelled, booked again");
        Assert.Equal(AppointmentCloudEvents.Cancelled, events.Single(e => e.Id == $"{id}.v2").Type);
    }

    [Theory]
    [InlineData("cancel", """{"reasonCode":"bored"}""", 400, "reasonCode")]
    [InlineData("cancel", """{}""", 400, "reasonCode")]
    [InlineData("no-show", """{"expectedVersion":1}""", 400, "reasonCode")]
    [InlineData("cancel", """{"reasonCode":"customer-request","expectedVersion":7}""", 409, null)]
    [InlineData("check-in", """{"expectedVersion":2}""", 409, null)]
    public async Task A_refused_staff_change_answers_problem_details_and_writes_nothing(string action, string body, int status, string? field)
    {
        var id = await BookAsync("2026-12-01T09:00");
        var before = await shop.ScheduleRowsAsync(Partition);

        using var response = await staff.PostAsync($"/api/appointments/{id}/{action}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null) Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        Assert.Equal(Keys(before), Keys(await shop.ScheduleRowsAsync(Partition)));
    }

    [Fact]
    public async Task Of_concurrent_check_ins_of_one_appointment_exactly_one_is_saved()
    {
        var id = await BookAsync("2026-12-01T09:00");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await ChangeAsync(id, "check-in", new { });
            return response.StatusCode;
        }));

        Assert.Single(answers, s => s == HttpStatusCode.OK);
        Assert.All(answers.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Equal(2, (await AuditAsync(id)).Count);
    }

    private async Task<string> BookAsync(string start, string service = "oil-change") =>
        (await shop.BookOkAsync(BookingRequests.Valid(start, service))).GetProperty("id").GetString()!;

    private Task<HttpResponseMessage> ChangeAsync(string id, string action, object body) =>
        staff.PostAsJsonAsync($"/api/appointments/{id}/{action}", body, TestContext.Current.CancellationToken);

    private async Task<List<TableEntity>> AuditAsync(string id) =>
        [.. BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(Partition), "audit|").Where(a => a.GetString("AppointmentId") == id).OrderBy(a => a.GetInt32("Version"))];

    private static IEnumerable<(string, string, Azure.ETag)> Keys(IEnumerable<TableEntity> rows) => rows.Select(r => (r.PartitionKey, r.RowKey, r.ETag));
}
