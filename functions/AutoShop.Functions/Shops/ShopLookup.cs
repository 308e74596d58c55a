using AutoShop.Domain.Booking;
using AutoShop.Functions.Operability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Shops;

/// <summary>The shop a route or query names: a malformed id and an unknown one are the same 404.</summary>
public static class ShopLookup
{
    /// <summary>The shop's setup, or null when the id is malformed or no such shop exists.</summary>
    public static async Task<ShopSetup?> FindAsync(string shopId, IShopStore shops, CancellationToken ct) =>
        ShopId.TryParse(shopId).TryGetValue(out var id, out _) ? await shops.GetAsync(id, ct) : null;

    public static ProblemHttpResult NotFound(string shopId) =>
        Problems.NotFound("Shop not found", $"No shop '{shopId}'.");
}
