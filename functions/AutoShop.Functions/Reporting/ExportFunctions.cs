using System.Text;
using AutoShop.Domain.Reporting;
using AutoShop.Functions.Reporting.Dashboard;
using AutoShop.Functions.Reporting.Exports;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Reporting;

/// <summary>
/// CSV downloads of a shop's audit records, appointments and KPIs over shop-local days, streamed:
/// each storage page is written and flushed before the next is read, so memory stays flat however
/// many rows there are.
/// </summary>
[Tags("Reporting")]
[Authorize(Policy = DashboardLinkAuthenticationHandler.PolicyName)]
public sealed class ExportFunctions(IShopStore shops, AuditCsv audit, AppointmentsCsv appointments, ShopKpis kpis)
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";
    private const string Format = " RFC 4180 (comma, CRLF, header row), UTF-8 without BOM, times in ISO 8601 with their UTC offset; text cells a spreadsheet would run as a formula (starting with = + - @, tab or CR) begin with an apostrophe. Staff: the key header or a dashboard link's `access` token.";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    [Function("ExportAuditCsv")]
    [EndpointSummary("Audit records whose time falls on the shop-local days from..to, in ledger order")]
    [EndpointDescription("One row per ledger link: sequence, times (UTC and shop-local), actor, action, reason code, before/after, correlation id, source key, chained time and hash." + Format)]
    [QueryParameter("from", typeof(DateOnly), Required = true, Description = ReportingQuery.From)]
    [QueryParameter("to", typeof(DateOnly), Required = true, Description = ReportingQuery.To)]
    public async Task<Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem>> ExportAuditCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/exports/audit.csv")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        var (setup, period, refusal) = await ReadAsync(req, shopId, ct);
        return refusal ?? Csv(req.HttpContext, FileName(req, shopId, "audit"), (csv, token) => audit.WriteAsync(csv, setup!.Shop.Id, period!, token));
    }

    [Function("ExportAppointmentsCsv")]
    [EndpointSummary("Appointments starting on the shop-local days from..to, any status")]
    [EndpointDescription("One row per appointment: status, local start/end, creation time and lead time, services, labor, technician, bay, cancellation and no-show details, customer name, vehicle and notes (no email or phone)." + Format)]
    [QueryParameter("from", typeof(DateOnly), Required = true, Description = ReportingQuery.From)]
    [QueryParameter("to", typeof(DateOnly), Required = true, Description = ReportingQuery.To)]
    public async Task<Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem>> ExportAppointmentsCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/exports/appointments.csv")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        var (setup, period, refusal) = await ReadAsync(req, shopId, ct);
        return refusal ?? Csv(req.HttpContext, FileName(req, shopId, "appointments"), (csv, token) => appointments.WriteAsync(csv, setup!.Shop.Id, period!, token));
    }

    [Function("ExportKpisCsv")]
    [EndpointSummary("The KPI report for the shop-local days from..to, one figure per row")]
    [EndpointDescription("Columns metric, technician_id, period_start, period_end, key, value; definitions as for GET /api/shops/{shopId}/kpis." + Format)]
    [QueryParameter("from", typeof(DateOnly), Required = true, Description = ReportingQuery.From)]
    [QueryParameter("to", typeof(DateOnly), Required = true, Description = ReportingQuery.To)]
    public async Task<Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem>> ExportKpisCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/exports/kpis.csv")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        var (setup, period, refusal) = await ReadAsync(req, shopId, ct);
        if (refusal is not null) return refusal;
        var report = await kpis.ComputeAsync(setup!, period!, ct);
        return Csv(req.HttpContext, FileName(req, shopId, "kpis"), (csv, token) => KpisCsv.WriteAsync(csv, report, token));
    }

    private static string FileName(HttpRequest req, string shopId, string kind) => $"{shopId}-{kind}-{req.QueryText("from")}-{req.QueryText("to")}.csv";

    /// <summary>Everything that can be refused is checked before the first byte goes out; after that, a failure can only abort the download.</summary>
    private async Task<(AutoShop.Domain.Booking.ShopSetup? Setup, ReportingPeriod? Period, Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem>? Refusal)> ReadAsync(
        HttpRequest req, string shopId, CancellationToken ct)
    {
        var (from, to) = (req.QueryText("from"), req.QueryText("to"));
        var setup = await ShopLookup.FindAsync(shopId, shops, ct);
        if (setup is null) return (null, null, ShopLookup.NotFound(shopId));
        if (!ReportingPeriod.TryParse(from, to, setup.Shop.Zone).TryGetValue(out var period, out var error))
            return (null, null, ValidationProblems.Invalid(error));
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
