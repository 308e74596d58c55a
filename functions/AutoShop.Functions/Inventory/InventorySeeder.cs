using System.Text.Json;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.Storage;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Inventory;

public sealed class InventorySeedOptions
{
    public const string Section = "Seed";

    /// <summary>Reads the same switch as the shop seed (<c>Seed:DemoData</c>).</summary>
    public bool DemoData { get; set; }

    public string DemoInventoryPath { get; set; } = Path.Combine("Seed", "demo-inventory.json");
}

internal sealed record InventorySeedDocument(IReadOnlyList<InventorySeedShop> Inventory);

internal sealed record InventorySeedShop(string ShopId, IReadOnlyList<InventorySeedPart> Parts);

internal sealed record InventorySeedPart(string Sku, string? Description, int OnHand, int ReorderPoint, string? Supplier, int LeadTimeDays);

/// <summary>Stocks the demo shops at start; parts that already have stock keep it.</summary>
public sealed partial class InventorySeeder(TableInventoryStore inventory, StorageProvisioner provisioner, IOptions<InventorySeedOptions> options,
    ILogger<InventorySeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DemoData) return;
        await provisioner.Ready.WaitAsync(stoppingToken);
        var path = Path.IsPathRooted(options.Value.DemoInventoryPath) ? options.Value.DemoInventoryPath : Path.Combine(AppContext.BaseDirectory, options.Value.DemoInventoryPath);
        var created = await SeedAsync(inventory, await File.ReadAllTextAsync(path, stoppingToken), stoppingToken);
        LogSeeded(logger, created, path);
    }

    public static async Task<int> SeedAsync(TableInventoryStore inventory, string json, CancellationToken ct)
    {
        var document = JsonSerializer.Deserialize(json, InventoryJsonContext.Default.InventorySeedDocument)
            ?? throw new FormatException("The inventory seed is empty.");
        var created = 0;
        foreach (var shop in document.Inventory)
        {
            var shopId = ShopId.Parse(shop.ShopId);
            foreach (var part in shop.Parts)
            {
                var level = StockLevel.TryCreate(Sku.Parse(part.Sku), part.Description, part.OnHand, 0, part.ReorderPoint, part.Supplier, part.LeadTimeDays).OrThrow();
                if (await inventory.SeedAsync(shopId, level, ct)) created++;
            }
        }
        return created;
    }

    [LoggerMessage(LogLevel.Information, "Seeded {Count} demo stock rows from {Path}")]
    private static partial void LogSeeded(ILogger logger, int count, string path);
}
