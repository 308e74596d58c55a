using System.Text;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Reporting.Dashboard;
using AutoShop.Functions.Reporting.Exports;
using AutoShop.Functions.Shops;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Reporting;

/// <summary>
/// CSV downloads of a shop's audit records, appointments and KPIs over shop-local days, streamed:
/// each storage page is written and flushed before the next is read, so memory stays flat however
/// many rows there are.
/// </summary>
public static class ExportsApi
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/shops/{shopId}/exports").WithTags("Reporting")
            .RequireAuthorization(DashboardLinkAuthenticationHandler.PolicyName);
        const string format = " RFC 4180 (comma, CRLF, header row), UTF-8 without BOM, times in ISO 8601 with their UTC offset; text cells a spreadsheet would run as a formula (starting with = + - @, tab or CR) begin with an apostrophe. Staff: the key header or a dashboard link's `access` token.";
        group.MapGet("/audit.csv", Audit).WithName("ExportAuditCsv")
            .WithSummary("Audit records whose time falls on the shop-local days from..to, in ledger order")
            .WithDescription("One row per ledger link: sequence, times (UTC and shop-local), actor, action, reason code, before/after, correlation id, source key, chained time and hash." + format);
        group.MapGet("/appointments.csv", Appointments).WithName("ExportAppointmentsCsv")
            .WithSummary("Appointments starting on the shop-local days from..to, any status")
            .WithDescription("One row per appointment: status, local start/end, creation time and lead time, services, labor, technician, bay, cancellation and no-show details, customer name, vehicle and notes (no email or phone)." + format);
        group.MapGet("/kpis.csv", Kpis).WithName("ExportKpisCsv")
            .WithSummary("The KPI report for the shop-local days from..to, one figure per row")
            .WithDescription("Columns metric, technician_id, period_start, period_end, key, value; definitions as for GET /api/shops/{shopId}/kpis." + format);
        return app;
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem>> Audit(
        string shopId, string? from, string? to, HttpContext http, IShopStore shops, AuditCsv audit, CancellationToken ct)
    {
        var (setup, period, refusal) = await ReadAsync(shopId, from, to, shops, ct);
        return refusal ?? Csv(http, $"{shopId}-audit-{from}-{to}.csv", (csv, token) => audit.WriteAsync(csv, setup!.Shop.Id, period!, token));
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem>> Appointments(
        string shopId, string? from, string? to, HttpContext http, IShopStore shops, AppointmentsCsv appointments, CancellationToken ct)
    {
        var (setup, period, refusal) = await ReadAsync(shopId, from, to, shops, ct);
        return refusal ?? Csv(http, $"{shopId}-appointments-{from}-{to}.csv", (csv, token) => appointments.WriteAsync(csv, setup!.Shop.Id, period!, token));
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem>> Kpis(
        string shopId, string? from, string? to, HttpContext http, IShopStore shops, ShopKpis kpis, CancellationToken ct)
    {
        var (setup, period, refusal) = await ReadAsync(shopId, from, to, shops, ct);
        if (refusal is not null) return refusal;
        var report = await kpis.ComputeAsync(setup!, period!, ct);
        return Csv(http, $"{shopId}-kpis-{from}-{to}.csv", (csv, token) => KpisCsv.WriteAsync(csv, report, token));
    }

    /// <summary>Everything that can be refused is checked before the first byte goes out; after that, a failure can only abort the download.</summary>
    private static async Task<(AutoShop.Domain.Booking.ShopSetup? Setup, ReportingPeriod? Period, Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem>? Refusal)> ReadAsync(
        string shopId, string? from, string? to, IShopStore shops, CancellationToken ct)
    {
        var setup = await ShopsApi.FindAsync(shopId, shops, ct);
        if (setup is null) return (null, null, ShopsApi.ShopNotFound(shopId));
        if (!ReportingPeriod.TryParse(from, to, setup.Shop.Zone).TryGetValue(out var period, out var error))
            return (null, null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] }));
        return (setup, period, null);
    }

    private static PushStreamHttpResult Csv(HttpContext http, string fileName, Func<CsvWriter, CancellationToken, Task> write)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Stream(async body =>
        {
            await using var text = new StreamWriter(body, Utf8, 64 * 1024, leaveOpen: true);
            await write(new CsvWriter(text), http.RequestAborted);
            await text.FlushAsync(http.RequestAborted);
        }, ContentType, fileName);
    }
}
