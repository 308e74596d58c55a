using System.Text.Json.Nodes;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Booking.Seed;
using AutoShop.Functions.Storage;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Shops;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Load the demo shops at start (the README's run command turns this on).</summary>
    public bool DemoData { get; set; }

    /// <summary>The seed file; relative paths are read from the app's folder.</summary>
    public string DemoDataPath { get; set; } = Path.Combine("Seed", "demo-seed.json");
}

/// <summary>Writes every shop of a seed document into the shops table; running it again overwrites the same rows.</summary>
public sealed partial class DemoSeeder(IShopStore shops, StorageProvisioner provisioner, IOptions<SeedOptions> options, ILogger<DemoSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DemoData) return;
        await provisioner.Ready.WaitAsync(stoppingToken);
        var path = Path.IsPathRooted(options.Value.DemoDataPath) ? options.Value.DemoDataPath : Path.Combine(AppContext.BaseDirectory, options.Value.DemoDataPath);
        var count = await SeedAsync(shops, await File.ReadAllTextAsync(path, stoppingToken), stoppingToken);
        LogSeeded(logger, count, path);
    }

    /// <summary>Validates the whole document, then stores each shop with just the parts and services it uses.</summary>
    public static async Task<int> SeedAsync(IShopStore shops, string json, CancellationToken ct)
    {
        var setups = ShopSetupDocument.Parse(json).OrThrow();
        var document = JsonNode.Parse(json)!.AsObject();
        var shopNodes = document["shops"]!.AsArray();
        foreach (var setup in setups)
        {
            var shopNode = shopNodes.First(s => (string?)s!["id"] == setup.Shop.Id.Value)!;
            var single = new JsonObject
            {
                ["parts"] = document["parts"]!.DeepClone(),
                ["services"] = document["services"]!.DeepClone(),
                ["shops"] = new JsonArray(shopNode.DeepClone()),
            };
            await shops.SaveAsync(setup, single.ToJsonString(), ct);
        }
        return setups.Length;
    }

    [LoggerMessage(LogLevel.Information, "Seeded {Count} demo shops from {Path}")]
    private static partial void LogSeeded(ILogger logger, int count, string path);
}
