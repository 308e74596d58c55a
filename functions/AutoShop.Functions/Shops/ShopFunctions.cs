using AutoShop.Domain.Booking;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Shops;

/// <summary>Shops and their catalogs (public, so a booking page can show them) and their resources (staff).</summary>
public static class ShopsApi
{
    public static IEndpointRouteBuilder MapShops(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/shops").WithTags("Shops");
        group.MapGet("/", List).WithName("ListShops").WithSummary("Every shop");
        group.MapGet("/{shopId}", Get).WithName("GetShop").WithSummary("A shop's time zone, opening hours, closures and booking rules");
        group.MapGet("/{shopId}/services", Services).WithName("ListShopServices").WithSummary("The service catalog: labor minutes, skills, bay type, tools, parts and price estimate");
        var staff = group.MapGroup("/").RequireAuthorization(StaffPolicy.Name);
        staff.MapGet("/{shopId}/technicians", Technicians).WithName("ListTechnicians").WithSummary("Technicians with skills, weekly shifts and daily caps");
        staff.MapGet("/{shopId}/bays", Bays).WithName("ListBays").WithSummary("Bays and their types");
        staff.MapGet("/{shopId}/tools", Tools).WithName("ListTools").WithSummary("Special tools and how many units the shop has");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ShopSummary>>> List(IShopStore shops, CancellationToken ct) =>
        TypedResults.Ok(await shops.ListAsync(ct));

    public static Task<Results<Ok<ShopDto>, ProblemHttpResult>> Get(string shopId, IShopStore shops, CancellationToken ct) =>
        With(shopId, shops, setup => setup.Shop.ToDto(), ct);

    public static Task<Results<Ok<IReadOnlyList<ServiceDto>>, ProblemHttpResult>> Services(string shopId, IShopStore shops, CancellationToken ct) =>
        With<IReadOnlyList<ServiceDto>>(shopId, shops, setup => [.. setup.Catalog.Values.OrderBy(s => s.Code.Value).Select(s => s.ToDto())], ct);

    public static Task<Results<Ok<IReadOnlyList<TechnicianDto>>, ProblemHttpResult>> Technicians(string shopId, IShopStore shops, CancellationToken ct) =>
        With<IReadOnlyList<TechnicianDto>>(shopId, shops, setup => [.. setup.Technicians.Select(t => t.ToDto())], ct);

    public static Task<Results<Ok<IReadOnlyList<BayDto>>, ProblemHttpResult>> Bays(string shopId, IShopStore shops, CancellationToken ct) =>
        With<IReadOnlyList<BayDto>>(shopId, shops, setup => [.. setup.Bays.Select(b => b.ToDto())], ct);

    public static Task<Results<Ok<IReadOnlyList<ToolDto>>, ProblemHttpResult>> Tools(string shopId, IShopStore shops, CancellationToken ct) =>
        With<IReadOnlyList<ToolDto>>(shopId, shops, setup => [.. setup.Tools.Values.OrderBy(t => t.Type.Value).Select(t => new ToolDto(t.Type.Value, t.Count))], ct);

    /// <summary>Loads the shop or answers 404 problem details.</summary>
    public static async Task<ShopSetup?> FindAsync(string shopId, IShopStore shops, CancellationToken ct) =>
        ShopId.TryParse(shopId).TryGetValue(out var id, out _) ? await shops.GetAsync(id, ct) : null;

    public static ProblemHttpResult ShopNotFound(string shopId) =>
        Operability.Problems.NotFound("Shop not found", $"No shop '{shopId}'.");

    private static async Task<Results<Ok<T>, ProblemHttpResult>> With<T>(string shopId, IShopStore shops, Func<ShopSetup, T> map, CancellationToken ct) =>
        await FindAsync(shopId, shops, ct) is { } setup ? TypedResults.Ok(map(setup)) : ShopNotFound(shopId);
}
