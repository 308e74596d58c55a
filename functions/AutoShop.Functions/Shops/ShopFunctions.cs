using AutoShop.Domain.Booking;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Shops;

/// <summary>Shops and their catalogs (public, so a booking page can show them) and their resources (staff).</summary>
[Tags("Shops")]
public sealed class ShopFunctions(IShopStore shops)
{
    [Function("ListShops")]
    [EndpointSummary("Every shop")]
    public async Task<Ok<IReadOnlyList<ShopSummary>>> ListShops(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops")] HttpRequest req) =>
        TypedResults.Ok(await shops.ListAsync(req.HttpContext.RequestAborted));

    [Function("GetShop")]
    [EndpointSummary("A shop's time zone, opening hours, closures and booking rules")]
    public Task<Results<Ok<ShopDto>, ProblemHttpResult>> GetShop(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}")] HttpRequest req, string shopId) =>
        With(req, shopId, setup => setup.Shop.ToDto());

    [Function("ListShopServices")]
    [EndpointSummary("The service catalog: labor minutes, skills, bay type, tools, parts and price estimate")]
    public Task<Results<Ok<IReadOnlyList<ServiceDto>>, ProblemHttpResult>> ListShopServices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/services")] HttpRequest req, string shopId) =>
        With<IReadOnlyList<ServiceDto>>(req, shopId, setup => [.. setup.Catalog.Values.OrderBy(s => s.Code.Value).Select(s => s.ToDto())]);

    [Function("ListTechnicians")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("Technicians with skills, weekly shifts and daily caps")]
    public Task<Results<Ok<IReadOnlyList<TechnicianDto>>, ProblemHttpResult>> ListTechnicians(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/technicians")] HttpRequest req, string shopId) =>
        With<IReadOnlyList<TechnicianDto>>(req, shopId, setup => [.. setup.Technicians.Select(t => t.ToDto())]);

    [Function("ListBays")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("Bays and their types")]
    public Task<Results<Ok<IReadOnlyList<BayDto>>, ProblemHttpResult>> ListBays(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/bays")] HttpRequest req, string shopId) =>
        With<IReadOnlyList<BayDto>>(req, shopId, setup => [.. setup.Bays.Select(b => b.ToDto())]);

    [Function("ListTools")]
    [Authorize(Policy = StaffPolicy.Name)]
    [EndpointSummary("Special tools and how many units the shop has")]
    public Task<Results<Ok<IReadOnlyList<ToolDto>>, ProblemHttpResult>> ListTools(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/tools")] HttpRequest req, string shopId) =>
        With<IReadOnlyList<ToolDto>>(req, shopId, setup => [.. setup.Tools.Values.OrderBy(t => t.Type.Value).Select(t => new ToolDto(t.Type.Value, t.Count))]);

    private async Task<Results<Ok<T>, ProblemHttpResult>> With<T>(HttpRequest req, string shopId, Func<ShopSetup, T> map) =>
        await ShopLookup.FindAsync(shopId, shops, req.HttpContext.RequestAborted) is { } setup ? TypedResults.Ok(map(setup)) : ShopLookup.NotFound(shopId);
}
