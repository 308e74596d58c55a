using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Booking;

public sealed class BookingHappyPathTests : IAsyncLifetime
{
    private const string Partition = "queens-blvd|2026-12-01";
    private BookingHarness shop = null!;

    public async ValueTask InitializeAsync() => shop = await BookingHarness.StartAsync();

    public ValueTask DisposeAsync() => shop.DisposeAsync();

    [Fact]
    public async Task A_booking_answers_201_with_local_and_UTC_times_and_a_qualified_technician_and_bay()
    {
        using var client = shop.App.CreateClient();
        using var response = await BookingHarness.BookAsync(client, BookingRequests.Valid("2026-12-01T09:00", "brake-pads-front"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/appointments/{id}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("20261201-", id);
        Assert.EndsWith("-queens-blvd", id);
        Assert.Equal("queens-blvd", body.GetProperty("shopId").GetString());
        Assert.Equal("booked", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("America/New_York", body.GetProperty("timeZone").GetString());
        Assert.Equal("2026-12-01T09:00:00-05:00", body.GetProperty("start").GetProperty("local").GetString());
        Assert.Equal("2026-12-01T14:00:00Z", body.GetProperty("start").GetProperty("utc").GetString());
        Assert.Equal("2026-12-01T10:30:00-05:00", body.GetProperty("end").GetProperty("local").GetString());
        Assert.Equal("2026-12-01T15:30:00Z", body.GetProperty("end").GetProperty("utc").GetString());
        Assert.Equal(90, body.GetProperty("laborMinutes").GetInt32());
        Assert.Equal(["brake-pads-front"], body.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("2026-11-24T12:00:00Z", body.GetProperty("createdAt").GetString());
        Assert.Equal("+12125550123", body.GetProperty("customer").GetProperty("phone").GetString());
        Assert.Equal(BookingRequests.Vin, body.GetProperty("vehicle").GetProperty("vin").GetString());

        using var staff = shop.App.CreateStaffClient();
        var technicians = await staff.GetFromJsonAsync<JsonElement>("/api/shops/queens-blvd/technicians", TestContext.Current.CancellationToken);
        var bays = await staff.GetFromJsonAsync<JsonElement>("/api/shops/queens-blvd/bays", TestContext.Current.CancellationToken);
        var technician = technicians.EnumerateArray().Single(t => t.GetProperty("id").GetString() == body.GetProperty("technicianId").GetString());
        var bay = bays.EnumerateArray().Single(b => b.GetProperty("id").GetString() == body.GetProperty("bayId").GetString());
        Assert.Contains("brakes", technician.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("lift", bay.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_booking_stores_the_appointment_its_claims_one_audit_row_and_relays_a_created_event_with_the_correlation_id()
    {
        using var client = shop.App.CreateClient();
        using var response = await BookingHarness.BookAsync(client, BookingRequests.Valid("2026-12-01T09:00", "brake-pads-front"), correlationId: "corr-happy-path-0001");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = body.GetProperty("id").GetString()!;
        var technicianId = body.GetProperty("technicianId").GetString()!;
        var bayId = body.GetProperty("bayId").GetString()!;

        var rows = await shop.ScheduleRowsAsync(Partition);
        var appointment = Assert.Single(BookingHarness.WithPrefix(rows, "appt|"));
        Assert.Equal("appt|" + id, appointment.RowKey);
        Assert.Equal("Booked", appointment.GetString("Status"));
        Assert.Equal(1, appointment.GetInt32("Version"));
        Assert.Equal(technicianId, appointment.GetString("TechnicianId"));
        Assert.Equal(bayId, appointment.GetString("BayId"));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), appointment.GetDateTimeOffset("StartUtc"));

        // 90 minutes = six 15-minute buckets for the technician and the bay, plus six daily-cap ordinals for a capped technician.
        var buckets = Enumerable.Range(0, 6).Select(i => $"20261201T{14 + (i / 4)}{i % 4 * 15:D2}Z").ToList();
        var expectedClaims = buckets.Select(b => $"claim|tech_{technicianId}_{b}").Concat(buckets.Select(b => $"claim|bay_{bayId}_{b}")).ToList();
        if (technicianId == "maria-lopez") expectedClaims.AddRange(Enumerable.Range(0, 6).Select(i => $"claim|cap_maria-lopez_20261201_{i:D3}"));
        var claims = BookingHarness.WithPrefix(rows, "claim|");
        Assert.Equal(expectedClaims.Order(), claims.Select(c => c.RowKey).Order());
        Assert.All(claims, c => Assert.Equal(id, c.GetString("AppointmentId")));

        var audit = Assert.Single(BookingHarness.WithPrefix(rows, "audit|"));
        Assert.Equal(id, audit.GetString("AppointmentId"));
        Assert.Equal("booked", audit.GetString("Action"));
        Assert.Equal("customer", audit.GetString("ActorKind"));
        Assert.Equal("rosa.diaz@example.com", audit.GetString("ActorId"));
        Assert.Equal(1, audit.GetInt32("Version"));
        Assert.Equal("corr-happy-path-0001", audit.GetString("CorrelationId"));
        Assert.Equal(BookingHarness.DefaultNow, audit.GetDateTimeOffset("AtUtc"));

        var events = await Eventually.Until(() => shop.EventsAsync(), e => e.Count > 0, because: "the created event reaches the subscriber");
        var created = Assert.Single(events);
        Assert.Equal(AppointmentCloudEvents.Created, created.Type);
        Assert.Equal($"{id}.v1", created.Id);
        Assert.Equal("corr-happy-path-0001", created.CorrelationId);
        Assert.Equal("/shops/queens-blvd", created.Source);
        Assert.Equal($"appointments/{id}", created.Subject);
        var data = AppointmentCloudEvents.Read(created);
        Assert.Equal("booked", data.Change);
        Assert.Equal(id, data.Appointment.Id);
        Assert.Equal(technicianId, data.Appointment.TechnicianId);
        Assert.Empty(BookingHarness.WithPrefix(await shop.ScheduleRowsAsync(Partition), "outbox|"));
    }

    [Fact]
    public async Task The_day_schedule_lists_the_booking_under_its_technician_and_its_bay_only()
    {
        var booked = await shop.BookOkAsync(BookingRequests.Valid("2026-12-01T09:00", "ac-recharge"));
        var id = booked.GetProperty("id").GetString();

        using var staff = shop.App.CreateStaffClient();
        var day = await staff.GetFromJsonAsync<JsonElement>("/api/shops/queens-blvd/schedule?date=2026-12-01", TestContext.Current.CancellationToken);

        Assert.Equal("sam-okafor", booked.GetProperty("technicianId").GetString());
        Assert.Equal(["ac-recovery#0"], booked.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        foreach (var (list, owner) in new[] { ("technicians", "sam-okafor"), ("bays", booked.GetProperty("bayId").GetString()!) })
        {
            foreach (var resource in day.GetProperty(list).EnumerateArray())
            {
                var jobs = resource.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("appointmentId").GetString()).ToList();
                Assert.Equal(resource.GetProperty("id").GetString() == owner ? [id] : [], jobs);
            }
        }
        var job = day.GetProperty("technicians").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "sam-okafor").GetProperty("jobs")[0];
        Assert.Equal("2026-12-01T09:00:00-05:00", job.GetProperty("start").GetProperty("local").GetString());
        Assert.Equal("booked", job.GetProperty("status").GetString());
        Assert.Equal("Rosa Diaz", job.GetProperty("customer").GetString());
    }
}
