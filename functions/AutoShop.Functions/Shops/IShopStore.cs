using AutoShop.Domain.Booking;

namespace AutoShop.Functions.Shops;

public sealed record ShopSummary(string Id, string Name, string TimeZone);

/// <summary>Shop setups: the configuration booking reads on every request.</summary>
public interface IShopStore
{
    Task<ShopSetup?> GetAsync(ShopId id, CancellationToken ct);
    Task<IReadOnlyList<ShopSummary>> ListAsync(CancellationToken ct);
    /// <summary>Stores one shop's setup as a self-contained seed-format document (validated first).</summary>
    Task SaveAsync(ShopSetup setup, string document, CancellationToken ct);
}
