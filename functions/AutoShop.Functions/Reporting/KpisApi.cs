using AutoShop.Domain.Reporting;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Reporting;

public static class KpisApi
{
    public static IEndpointRouteBuilder MapKpis(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/shops/{shopId}/kpis", Get)
            .WithName("GetShopKpis").WithTags("Reporting").RequireAuthorization(StaffPolicy.Name)
            .WithSummary("A shop's KPIs for shop-local days from..to: lead time, cancellations, reschedules, no-shows, utilization, change impact")
            .WithDescription(KpiDefinitions.Markdown);
        return app;
    }

    public static async Task<Results<Ok<KpiReport>, ProblemHttpResult, ValidationProblem>> Get(
        string shopId, string? from, string? to, IShopStore shops, ShopKpis kpis, CancellationToken ct)
    {
        var setup = await ShopsApi.FindAsync(shopId, shops, ct);
        if (setup is null) return ShopsApi.ShopNotFound(shopId);
        if (!ReportingPeriod.TryParse(from, to, setup.Shop.Zone).TryGetValue(out var period, out var error))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] });
        return TypedResults.Ok(await kpis.ComputeAsync(setup, period, ct));
    }
}
