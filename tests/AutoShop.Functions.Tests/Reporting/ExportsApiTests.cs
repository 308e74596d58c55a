using System.Net;
using AutoShop.Functions.Reporting.Exports;

namespace AutoShop.Functions.Tests.Reporting;

/// <summary>The CSV exports of <see cref="ReportingWeek"/>, parsed back with CsvHelper.</summary>
public sealed class ExportsApiTests(ReportingWeek week) : IClassFixture<ReportingWeek>
{
    private const string Range = "from=2026-11-23&to=2026-11-25";

    private async Task<(HttpResponseMessage Response, CsvTable Table)> GetAsync(string file, string query = Range, HttpClient? client = null)
    {
        var response = await (client ?? week.Scenario.Staff).GetAsync($"/api/shops/{ShopScenario.NewYork}/exports/{file}?{query}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, CsvTable.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Appointments_csv_lists_the_periods_appointments_with_local_times_and_tricky_text_intact()
    {
        var (response, csv) = await GetAsync("appointments.csv");

        Assert.Equal(AppointmentsCsv.Columns, csv.Header);
        // Rows come by day, then by appointment id (storage order, so the export can stream).
        Assert.Equal(new Dictionary<string, string> { [week.A] = "no-show", [week.B] = "cancelled", [week.C] = "cancelled", [week.D] = "booked" },
            csv.Rows.ToDictionary(r => csv.Cell(r, "appointment_id"), r => csv.Cell(r, "status")));
        Assert.Equal(["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-25"], csv.Column("start_local").Select(s => s[..10]));
        var a = csv.Rows.Single(r => csv.Cell(r, "appointment_id") == week.A);
        Assert.Equal(ReportingWeek.TrickyName, csv.Cell(a, "customer_name"));
        Assert.Equal("'" + ReportingWeek.TrickyNotes, csv.Cell(a, "notes")); // starts with '=': neutralised
        Assert.Equal(("2026-11-23T11:30:00-05:00", "2026-11-23T09:00:00-05:00", "2.5", "30"),
            (csv.Cell(a, "start_local"), csv.Cell(a, "created_at_local"), csv.Cell(a, "lead_time_hours"), csv.Cell(a, "labor_minutes")));
        var b = csv.Rows.Single(r => csv.Cell(r, "appointment_id") == week.B);
        Assert.Equal(("2026-11-23T11:00:00-05:00", "customer-request", "staff"),
            (csv.Cell(b, "cancelled_at_local"), csv.Cell(b, "cancellation_reason"), csv.Cell(b, "cancelled_by_kind")));
        Assert.Equal("text/csv; charset=utf-8; header=present", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Fact]
    public async Task Audit_csv_lists_the_ledger_records_of_the_period_in_chain_order()
    {
        var (_, csv) = await GetAsync("audit.csv");

        Assert.Equal(AuditCsv.Columns, csv.Header);
        Assert.Equal(7, csv.Rows.Count);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), csv.Column("sequence"));
        Assert.Equal(4, csv.Column("action").Count(a => a == "created"));
        var noShow = csv.Rows.Single(r => csv.Cell(r, "action") == "no-show");
        Assert.Equal((week.A, "no-show", "2026-11-23T12:00:00-05:00", "2026-11-23T17:00:00+00:00"),
            (csv.Cell(noShow, "appointment_id"), csv.Cell(noShow, "reason_code"), csv.Cell(noShow, "at_local"), csv.Cell(noShow, "at_utc")));
        Assert.All(csv.Column("hash"), h => Assert.Equal(64, h.Length));
    }

    [Fact]
    public async Task Audit_csv_of_a_day_without_records_is_just_the_header()
    {
        var (_, csv) = await GetAsync("audit.csv", "from=2026-11-24&to=2026-11-25");

        Assert.Equal(AuditCsv.Columns, csv.Header);
        Assert.Empty(csv.Rows);
    }

    [Fact]
    public async Task Kpis_csv_holds_one_figure_per_row_with_numbers_as_numbers()
    {
        var (_, csv) = await GetAsync("kpis.csv");

        Assert.Equal(KpisCsv.Columns, csv.Header);
        string Value(string metric, string key = "") =>
            csv.Cell(csv.Rows.Single(r => csv.Cell(r, "metric") == metric && csv.Cell(r, "key") == key && csv.Cell(r, "technician_id") == ""), "value");
        Assert.Equal(("4", "25", "49", "0.5", "0.25", "0.5"), (Value("appointments"), Value("lead_time_median_hours"), Value("lead_time_p90_hours"),
            Value("cancellation_rate"), Value("late_cancellation_rate"), Value("no_show_rate")));
        Assert.Equal("1", Value("cancellations_by_reason", "parts-unavailable"));
        Assert.Equal("3", Value("lead_time_histogram", "1-3d"));
        Assert.Equal("1", Value("freed_inside_window", "total"));
        Assert.Contains(csv.Rows, r => csv.Cell(r, "metric") == "utilization_ratio" && csv.Cell(r, "key") == "day" && csv.Cell(r, "technician_id") != "");
        Assert.All(csv.Column("value").Where(v => v.Length > 0), v => Assert.True(double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _), v));
    }

    [Theory]
    [InlineData("audit.csv")]
    [InlineData("appointments.csv")]
    [InlineData("kpis.csv")]
    public async Task Exports_are_refused_before_streaming_when_the_request_is_wrong(string file)
    {
        var anonymous = await week.Scenario.App.CreateClient().GetAsync($"/api/shops/{ShopScenario.NewYork}/exports/{file}?{Range}", TestContext.Current.CancellationToken);
        var unknown = await week.Scenario.Staff.GetAsync($"/api/shops/atlantis/exports/{file}?{Range}", TestContext.Current.CancellationToken);
        var backwards = await week.Scenario.Staff.GetAsync($"/api/shops/{ShopScenario.NewYork}/exports/{file}?from=2026-11-25&to=2026-11-23", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (anonymous.StatusCode, unknown.StatusCode, backwards.StatusCode));
        Assert.Equal("application/problem+json", backwards.Content.Headers.ContentType?.MediaType);
    }
}
