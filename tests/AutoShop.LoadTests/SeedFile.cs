using System.Text.Json.Nodes;
using AutoShop.Testing;

namespace AutoShop.LoadTests;

/// <summary>The demo seed, or the demo seed with every shop repeated under new ids (<c>queens-blvd-2</c>, …).</summary>
public static class SeedFile
{
    public static string DemoPath => Path.Combine(RepoPaths.Root, "functions", "AutoShop.Functions", "Seed", "demo-seed.json");

    /// <summary>Writes the seed to use into <paramref name="folder"/> and returns its path and shop ids.</summary>
    public static (string Path, IReadOnlyList<string> ShopIds) Write(string folder, int copies)
    {
        var seed = JsonNode.Parse(File.ReadAllText(DemoPath))!;
        var shops = seed["shops"]!.AsArray();
        var originals = shops.Select(s => s!.DeepClone()).ToList();
        for (var copy = 2; copy <= copies; copy++)
        {
            foreach (var original in originals)
            {
                var clone = original.DeepClone();
                clone["id"] = $"{(string?)original["id"]}-{copy}";
                clone["name"] = $"{(string?)original["name"]} #{copy}";
                shops.Add(clone);
            }
        }
        var path = System.IO.Path.Combine(folder, "load-seed.json");
        File.WriteAllText(path, seed.ToJsonString());
        return (path, [.. shops.Select(s => (string)s!["id"]!)]);
    }
}
