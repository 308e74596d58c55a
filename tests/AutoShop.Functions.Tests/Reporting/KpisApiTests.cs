using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Domain.Reporting;

namespace AutoShop.Functions.Tests.Reporting;

/// <summary>The KPI endpoint over what booking stored (see <see cref="ReportingWeek"/>).</summary>
public sealed class KpisApiTests(ReportingWeek week) : IClassFixture<ReportingWeek>
{
    private async Task<KpiReport> GetAsync(string from = "2026-11-23", string to = "2026-11-25") =>
        (await week.Scenario.Staff.GetFromJsonAsync<KpiReport>($"/api/shops/{ShopScenario.NewYork}/kpis?from={from}&to={to}", TestContext.Current.CancellationToken))!;

    [Fact]
    public async Task Kpis_are_computed_from_the_stored_appointments_and_their_audit_records()
    {
        var r = await GetAsync();

        Assert.Equal(4, r.Appointments);
        // lead times 2.5, 25, 48, 49 h: median = 2nd, p90 = 4th (nearest rank)
        Assert.Equal((4, 25.0, 49.0), (r.LeadTime.Count, r.LeadTime.MedianHours, r.LeadTime.P90Hours));
        Assert.Equal([1, 3, 0, 0, 0, 0], r.LeadTime.Histogram.Select(b => b.Count));
        Assert.Equal((2, 0.5, 1, 0.25), (r.Cancellations.Count, r.Cancellations.Rate, r.Cancellations.Late, r.Cancellations.LateRate));
        Assert.Equal([new CountBy("customer-request", 1), new CountBy("parts-unavailable", 1)], r.Cancellations.ByReason);
        Assert.Equal([new CountBy("staff", 2)], r.Cancellations.ByActorKind);
        Assert.Equal(new NoShowFigures(1, 2, 0.5), r.NoShows);
        Assert.Equal(1.0, r.Utilization.Shop.BookedHours); // a (no-show) and d, 30 min each
        Assert.True(r.Utilization.Shop.ShiftHours > 0);
        Assert.Equal(new FreedTime(2, 1, 1, 0.5, 0, 0), r.ChangeImpact.Total);
        Assert.Equal(0, r.Reschedules.Reschedules);
    }

    [Fact]
    public async Task Only_appointments_starting_on_the_requested_days_count()
    {
        var tuesday = await GetAsync("2026-11-24", "2026-11-24");

        Assert.Equal((1, 1, 1), (tuesday.Appointments, tuesday.Cancellations.Count, tuesday.Cancellations.Late));
    }

    [Theory]
    [InlineData("from=2026-11-25&to=2026-11-23", HttpStatusCode.BadRequest)]
    [InlineData("from=2026-11-23", HttpStatusCode.BadRequest)]
    [InlineData("from=2025-01-01&to=2026-11-23", HttpStatusCode.BadRequest)]
    public async Task A_bad_range_is_a_validation_problem(string query, HttpStatusCode status)
    {
        var response = await week.Scenario.Staff.GetAsync($"/api/shops/{ShopScenario.NewYork}/kpis?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Kpis_are_for_staff_and_known_shops()
    {
        var anonymous = await week.Scenario.App.CreateClient().GetAsync($"/api/shops/{ShopScenario.NewYork}/kpis?from=2026-11-23&to=2026-11-23", TestContext.Current.CancellationToken);
        var unknown = await week.Scenario.Staff.GetAsync("/api/shops/atlantis/kpis?from=2026-11-23&to=2026-11-23", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.NotFound), (anonymous.StatusCode, unknown.StatusCode));
    }

    [Fact]
    public async Task The_openapi_description_defines_every_figure()
    {
        using var doc = JsonDocument.Parse(await week.Scenario.App.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var description = doc.RootElement.GetProperty("paths").GetProperty("/api/shops/{shopId}/kpis").GetProperty("get").GetProperty("description").GetString()!;
        foreach (var term in new[] { "leadTime", "nearest-rank", "cancellations", "lateRate", "reschedules", "noShows", "utilization", "changeImpact", "refilled", "Reporting:LateCancellationHours" })
            Assert.Contains(term, description);
    }
}
