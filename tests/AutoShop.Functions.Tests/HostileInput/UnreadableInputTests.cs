using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.HostileInput;

/// <summary>One app per environment, shared by the class: each case checks that it changed nothing.</summary>
public sealed class EnvironmentScenarios : IAsyncLifetime
{
    private HostileScenario development = null!;
    private HostileScenario production = null!;

    public HostileScenario For(string environment) => environment == "Development" ? development : production;

    public async ValueTask InitializeAsync()
    {
        development = await HostileScenario.StartAsync("Development");
        production = await HostileScenario.StartAsync("Production");
    }

    public async ValueTask DisposeAsync()
    {
        await development.DisposeAsync();
        await production.DisposeAsync();
    }
}

/// <summary>
/// Input the app cannot read gets the status that says why, as problem details naming the field,
/// the same in Development (the run command) and Production — never a 500 — and writes nothing.
/// </summary>
public sealed class UnreadableInputTests(EnvironmentScenarios scenarios) : IClassFixture<EnvironmentScenarios>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Environments => ["Development", "Production"];

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Malformed_JSON_is_400_naming_where_it_broke_and_books_nothing(string environment)
    {
        var scenario = scenarios.For(environment);
        var before = await scenario.AppointmentRowsAsync();
        using var client = scenario.CreateClient();

        using var truncated = await client.PostAsync("/api/appointments", Json("""{"shopId": "queens-blvd", "customer": {"name": "Ana"""), Ct);
        using var wrongType = await client.PostAsync("/api/appointments", Json("""{"shopId": "queens-blvd", "vehicle": {"year": "old"}}"""), Ct);
        using var trailing = await client.PostAsync("/api/appointments", Json("""{"shopId": "queens-blvd"} }"""), Ct);

        Assert.StartsWith("is not valid JSON for this request (line 1, byte ", Assert.Single(Assert.Single(await ErrorsAsync(truncated, 400)).Value));
        Assert.StartsWith("is not valid JSON", Assert.Single((await ErrorsAsync(wrongType, 400))["vehicle.year"]));
        Assert.StartsWith("is not valid JSON", Assert.Single(Assert.Single(await ErrorsAsync(trailing, 400)).Value));
        Assert.Equal(before, await scenario.AppointmentRowsAsync());
    }

    [Theory]
    [InlineData("Development", null)]
    [InlineData("Production", null)]
    [InlineData("Development", "text/plain")]
    [InlineData("Production", "text/plain")]
    [InlineData("Development", "application/json; charset=klingon")]
    [InlineData("Production", "application/json; charset=klingon")]
    public async Task A_JSON_body_without_a_JSON_content_type_it_can_decode_is_415(string environment, string? contentType)
    {
        var scenario = scenarios.For(environment);
        var before = await scenario.AppointmentRowsAsync();
        using var client = scenario.CreateClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(BookingScenario.Body("2026-12-02T10:00"))));
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync("/api/appointments", content, Ct);

        var problem = await ProblemAsync(response, 415);
        Assert.Equal("Unsupported Media Type", problem.GetProperty("title").GetString());
        Assert.Equal(before, await scenario.AppointmentRowsAsync());
    }

    [Theory]
    [InlineData("Development", "json")]
    [InlineData("Production", "json")]
    [InlineData("Development", "page form")]
    [InlineData("Production", "page form")]
    public async Task A_chunked_body_over_the_limit_is_413_and_changes_nothing(string environment, string kind)
    {
        var scenario = scenarios.For(environment);
        using var client = scenario.CreateClient();
        var policyBefore = await client.GetStringAsync("/api/shops/queens-blvd/policy", Ct);
        var before = await scenario.AppointmentRowsAsync();
        var padding = new string('x', HostileRequests.OversizeBytes);
        var body = kind == "json"
            ? new HostileBody(kind, Encoding.UTF8.GetBytes($$"""{"rescheduleWindowHours": 1, "cancelWindowHours": 1, "maxSelfReschedules": 9, "note": "{{padding}}"}"""), "application/json", Chunked: true)
            : new HostileBody(kind, Encoding.UTF8.GetBytes($"reasonCode=other&version=1&formToken=x&note={padding}"), "application/x-www-form-urlencoded", Chunked: true);
        var path = kind == "json" ? "/api/shops/queens-blvd/policy" : $"/api/manage/{scenario.ManageToken}/cancel";

        using var response = await client.SendAsync(new HttpRequestMessage(kind == "json" ? HttpMethod.Put : HttpMethod.Post, path) { Content = body.ToContent() }, Ct);

        await ProblemAsync(response, 413);
        Assert.Equal(policyBefore, await client.GetStringAsync("/api/shops/queens-blvd/policy", Ct));
        Assert.Equal(before, await scenario.AppointmentRowsAsync());
    }

    [Theory]
    [InlineData("Development", "9999-12-31T23:00")]
    [InlineData("Production", "9999-12-31T23:00")]
    [InlineData("Development", "0001-01-01T09:00")]
    [InlineData("Production", "0001-01-01T09:00")]
    [InlineData("Development", "9999-12-31T23:59:59-18:00")]
    [InlineData("Production", "0001-01-01T00:00:00+18:00")]
    public async Task A_start_outside_the_calendar_is_400_naming_start_and_books_or_moves_nothing(string environment, string start)
    {
        var scenario = scenarios.For(environment);
        var before = await scenario.AppointmentRowsAsync();
        using var client = scenario.CreateClient();

        using var booked = await client.PostAsJsonAsync("/api/appointments", BookingScenario.Body(start), Ct);
        using var moved = await client.PostAsJsonAsync($"/api/appointments/{scenario.AppointmentId}/reschedule", new { start, reasonCode = "other" }, Ct);
        using var selfMoved = await client.PostAsJsonAsync($"/api/self-service/{scenario.ManageToken}/reschedule", new { start, version = 1 }, Ct);

        Assert.Equal(["must be between 2000-01-01 and 2199-12-31."], (await ErrorsAsync(booked, 400))["start"]);
        Assert.Equal(["must be between 2000-01-01 and 2199-12-31."], (await ErrorsAsync(moved, 400))["start"]);
        await ProblemAsync(selfMoved, 400);
        Assert.Equal(before, await scenario.AppointmentRowsAsync());
    }

    [Theory]
    [InlineData("Development", "/api/shops/queens-blvd/availability?services=oil-change&from=9999-12-31", "from")]
    [InlineData("Production", "/api/shops/queens-blvd/availability?services=oil-change&from=9999-12-31", "from")]
    [InlineData("Production", "/api/shops/queens-blvd/availability?services=oil-change&from=9999-12-31T00:00:00-18:00", "from")]
    [InlineData("Development", "/api/shops/queens-blvd/kpis?from=9999-12-30&to=9999-12-31", "from")]
    [InlineData("Production", "/api/shops/queens-blvd/kpis?from=9999-12-30&to=9999-12-31", "from")]
    [InlineData("Production", "/api/shops/queens-blvd/exports/audit.csv?from=-0001-01-01&to=2026-12-01", "from")]
    [InlineData("Production", "/api/shops/queens-blvd/audit/verify?from=9999-12-31&to=9999-12-31", "from")]
    [InlineData("Production", "/api/shops/queens-blvd/schedule?date=9999-12-31", "date")]
    [InlineData("Development", "/api/shops/queens-blvd/availability?services=oil-change&limit=lots", "limit")]
    [InlineData("Production", "/api/shops/queens-blvd/availability?services=oil-change&limit=2147483648", "limit")]
    [InlineData("Development", "/api/shops/queens-blvd/availability?services=oil-change&preferAfterParts=maybe", "preferAfterParts")]
    [InlineData("Production", "/api/approvals?shopId=queens-blvd&minAgeHours=2147483647", "minAgeHours")]
    public async Task An_absurd_query_value_is_400_naming_the_parameter(string environment, string url, string field)
    {
        using var client = scenarios.For(environment).CreateClient();

        using var response = await client.GetAsync(url, Ct);

        Assert.Contains(field, (await ErrorsAsync(response, 400)).Keys);
    }

    [Theory]
    [InlineData("Development", "no boundary")]
    [InlineData("Production", "no boundary")]
    [InlineData("Production", "truncated part")]
    [InlineData("Development", "too many fields")]
    [InlineData("Production", "too many fields")]
    public async Task A_page_form_that_does_not_parse_is_400_and_changes_nothing(string environment, string kind)
    {
        var scenario = scenarios.For(environment);
        var before = await scenario.AppointmentRowsAsync();
        using var client = scenario.CreateClient();
        var (contentType, body) = kind switch
        {
            "no boundary" => ("multipart/form-data", "--b\r\n"),
            "truncated part" => ("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"reasonCode\"\r\n\r\nother"),
            _ => ("application/x-www-form-urlencoded", string.Join("&", Enumerable.Range(0, 2000).Select(i => $"f{i}=1"))),
        };
        var content = new StringContent(body);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var cancel = await client.PostAsync($"/api/manage/{scenario.ManageToken}/cancel", content, Ct);

        await ProblemAsync(cancel, 400);
        Assert.Equal(before, await scenario.AppointmentRowsAsync());
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response, int status)
    {
        var problem = await ProblemAsync(response, status);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no field errors: {problem}");
        return errors.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());
    }
}
