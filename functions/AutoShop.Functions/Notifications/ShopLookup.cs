using AutoShop.Domain.Booking;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Notifications;

/// <summary>The shop a notification route names (<c>/api/shops/{shopId}/...</c>): a malformed or unknown id is the same 404.</summary>
public static class ShopLookup
{
    public static async Task<ShopSetup?> FindAsync(string shopId, IShopStore shops, CancellationToken ct) =>
        ShopId.TryParse(shopId).TryGetValue(out var id, out _) ? await shops.GetAsync(id, ct) : null;

    public static ProblemHttpResult NotFound(string shopId) => Problems.NotFound("Shop not found", $"No shop '{shopId}'.");
}
