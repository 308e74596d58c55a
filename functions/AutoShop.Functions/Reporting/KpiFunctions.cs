using AutoShop.Domain.Reporting;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Reporting;

[Tags("Reporting")]
public sealed class KpiFunctions(IShopStore shops, ShopKpis kpis)
{
    [Function("GetShopKpis")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("A shop's KPIs for shop-local days from..to: lead time, cancellations, reschedules, no-shows, utilization, change impact")]
    [EndpointDescription(KpiDefinitions.Markdown)]
    [QueryParameter("from", typeof(DateOnly), Required = true, Description = ReportingQuery.From)]
    [QueryParameter("to", typeof(DateOnly), Required = true, Description = ReportingQuery.To)]
    public async Task<Results<Ok<KpiReport>, ProblemHttpResult, ValidationProblem>> GetShopKpis(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/kpis")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        var setup = await ShopLookup.FindAsync(shopId, shops, ct);
        if (setup is null) return ShopLookup.NotFound(shopId);
        if (!ReportingPeriod.TryParse(req.QueryText("from"), req.QueryText("to"), setup.Shop.Zone).TryGetValue(out var period, out var error))
            return ValidationProblems.Invalid(error);
        return TypedResults.Ok(await kpis.ComputeAsync(setup, period, ct));
    }
}
