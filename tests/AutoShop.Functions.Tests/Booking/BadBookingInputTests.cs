using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>One seeded app for the class: every case must leave the schedule table exactly as it found it.</summary>
public sealed class BookingAppFixture : IAsyncLifetime
{
    public BookingHarness Shop { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Shop = await BookingHarness.StartAsync();
        // One real booking, so "nothing written" is checked against a table that is not empty.
        await Shop.BookOkAsync(BookingRequests.Valid("2026-12-02T09:00", "oil-change"));
    }

    public ValueTask DisposeAsync() => Shop.DisposeAsync();
}

public sealed class BadBookingInputTests(BookingAppFixture fixture) : IClassFixture<BookingAppFixture>
{
    private static readonly JsonObject Good = BookingRequests.Valid("2026-12-01T09:00", "brake-pads-front");

    // Now is 2026-11-24T12:00Z (07:00 in New York); minimum notice 2 h, horizon 60 days, 15-minute grid.
    private static JsonObject Case(string name) => name switch
    {
        "empty object" => [],
        "only a shop" => new JsonObject { ["shopId"] = "queens-blvd" },
        "no customer name" => Good.With("customer.name", null),
        "neither email nor phone" => Good.With("customer.email", null).With("customer.phone", null).With("customer.preferredChannels", new JsonArray()),
        "no vehicle year" => Good.With("vehicle.year", null),
        "no services" => Good.With("services", new JsonArray()),
        "no start" => Good.With("start", null),
        "malformed shop id" => Good.With("shopId", "Queens Blvd!"),
        "unknown shop" => Good.With("shopId", "nowhere"),
        "unknown service" => Good.With("services", new JsonArray("teleport")),
        "malformed service code" => Good.With("services", new JsonArray("Oil Change!")),
        "services needing two bay types" => Good.With("services", new JsonArray("oil-change", "wheel-alignment")),
        "start in the past" => Good.With("start", "2026-11-20T09:00"),
        "start too soon" => Good.With("start", "2026-11-24T08:00"),
        "start beyond the horizon" => Good.With("start", "2027-01-25T09:00"),
        "start before opening" => Good.With("start", "2026-12-01T07:00"),
        "end after closing" => Good.With("start", "2026-12-01T17:00"),
        "closed on Sunday" => Good.With("start", "2026-11-29T10:00"),
        "closure day" => Good.With("start", "2026-11-26T09:00"),
        "start off the grid" => Good.With("start", "2026-12-01T09:07"),
        "malformed start" => Good.With("start", "next tuesday"),
        "malformed phone" => Good.With("customer.phone", "call me"),
        "malformed email" => Good.With("customer.email", "rosa@"),
        "VIN with a wrong check digit" => Good.With("vehicle.vin", "1M8GDM9A1KP042788"),
        "VIN of the wrong length" => Good.With("vehicle.vin", "1M8GDM9AXKP04278"),
        "vehicle from the future" => Good.With("vehicle.year", 2031),
        "sms preferred without opting in" => Good.With("customer.smsOptIn", false),
        "unknown source" => Good.With("source", "fax"),
        "notes too long" => Good.With("notes", new string('x', 2001)),
        "unknown language" => Good.With("customer.language", "fr"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [InlineData("empty object", 400, "shopId")]
    [InlineData("only a shop", 400, "customer", "vehicle", "services", "start")]
    [InlineData("no customer name", 400, "customer.name")]
    [InlineData("neither email nor phone", 400, "customer.email")]
    [InlineData("no vehicle year", 400, "vehicle.year")]
    [InlineData("no services", 400, "services")]
    [InlineData("no start", 400, "start")]
    [InlineData("malformed shop id", 400, "shopId")]
    [InlineData("unknown shop", 422, "shopId")]
    [InlineData("unknown service", 422, "services")]
    [InlineData("malformed service code", 400, "services[0]")]
    [InlineData("services needing two bay types", 422, "services")]
    [InlineData("start in the past", 422, "start")]
    [InlineData("start too soon", 422, "start")]
    [InlineData("start beyond the horizon", 422, "start")]
    [InlineData("start before opening", 422, "start")]
    [InlineData("end after closing", 422, "start")]
    [InlineData("closed on Sunday", 422, "start")]
    [InlineData("closure day", 422, "start")]
    [InlineData("start off the grid", 422, "start")]
    [InlineData("malformed start", 400, "start")]
    [InlineData("malformed phone", 400, "customer.phone")]
    [InlineData("malformed email", 400, "customer.email")]
    [InlineData("VIN with a wrong check digit", 400, "vehicle.vin")]
    [InlineData("VIN of the wrong length", 400, "vehicle.vin")]
    [InlineData("vehicle from the future", 400, "vehicle.year")]
    [InlineData("sms preferred without opting in", 400, "customer.preferredChannels")]
    [InlineData("unknown source", 400, "source")]
    [InlineData("notes too long", 400, "notes")]
    [InlineData("unknown language", 400, "customer.language")]
    public async Task A_bad_booking_is_refused_with_problem_details_naming_the_field_and_writes_nothing(string name, int status, params string[] fields)
    {
        var before = await fixture.Shop.ScheduleRowsAsync();
        using var client = fixture.Shop.App.CreateClient();

        using var response = await BookingHarness.BookAsync(client, Case(name));

        var problem = await ProblemAsync(response, status);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.All(fields, f => Assert.Contains(f, errors));
        await AssertNothingWrittenAsync(before);
    }

    [Fact]
    public async Task Malformed_JSON_is_400_problem_details_and_writes_nothing()
    {
        var before = await fixture.Shop.ScheduleRowsAsync();
        using var client = fixture.Shop.App.CreateClient();

        using var response = await client.PostAsync("/api/appointments",
            new StringContent("""{"shopId": "queens-blvd", "customer": {""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await ProblemAsync(response, 400);
        await AssertNothingWrittenAsync(before);
    }

    [Fact]
    public async Task A_value_of_the_wrong_JSON_type_is_400_problem_details_and_writes_nothing()
    {
        var before = await fixture.Shop.ScheduleRowsAsync();
        using var client = fixture.Shop.App.CreateClient();

        using var response = await BookingHarness.BookAsync(client, Good.With("vehicle.year", "old"));

        await ProblemAsync(response, 400);
        await AssertNothingWrittenAsync(before);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_32_KiB_is_413_problem_details_and_writes_nothing(bool announcesLength)
    {
        var before = await fixture.Shop.ScheduleRowsAsync();
        using var client = fixture.Shop.App.CreateClient();
        var bytes = Encoding.UTF8.GetBytes(Good.With("notes", new string('x', 33 * 1024)).ToJsonString());
        HttpContent content = announcesLength ? new ByteArrayContent(bytes) : new StreamContent(new UnannouncedStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/api/appointments", content, TestContext.Current.CancellationToken);

        await ProblemAsync(response, 413);
        await AssertNothingWrittenAsync(before);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private async Task AssertNothingWrittenAsync(List<Azure.Data.Tables.TableEntity> before)
    {
        var after = await fixture.Shop.ScheduleRowsAsync();
        Assert.Equal(before.Select(r => (r.PartitionKey, r.RowKey, r.ETag)), after.Select(r => (r.PartitionKey, r.RowKey, r.ETag)));
    }

    /// <summary>A body sent chunked, without Content-Length, so only reading it reveals its size.</summary>
    private sealed class UnannouncedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
