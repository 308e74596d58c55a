using System.Text.Json.Nodes;

namespace AutoShop.Deployment.Tests.Support;

/// <summary>
/// A compiled ARM template, read the way the tests need it: resources by type across every nested
/// module deployment, and the literal values Bicep left in place (names, flags, setting keys).
/// </summary>
internal sealed class ArmTemplate(JsonObject root)
{
    public JsonObject Root { get; } = root;

    /// <summary>The template of the module deployed under <paramref name="deploymentName"/>.</summary>
    public ArmTemplate Module(string deploymentName) =>
        new(Resources(Root).Single(r => Type(r) == "Microsoft.Resources/deployments" && (string?)r["name"] == deploymentName)
            ["properties"]!["template"]!.AsObject());

    /// <summary>Every resource of a type, in this template and all nested ones.</summary>
    public IReadOnlyList<JsonObject> ResourcesOfType(string type) => AllResources(Root).Where(r => Type(r) == type).ToList();

    public JsonObject Single(string type) => Assert.Single(ResourcesOfType(type));

    public JsonNode? Variable(string name) => Root["variables"]?[name];

    public IReadOnlyList<string> StringArrayVariable(string name) =>
        Variable(name)?.AsArray().Select(n => n!.GetValue<string>()).ToList()
        ?? throw new InvalidOperationException($"The template has no variable '{name}'.");

    private static string? Type(JsonObject resource) => (string?)resource["type"];

    private static IEnumerable<JsonObject> AllResources(JsonObject template)
    {
        foreach (var resource in Resources(template))
        {
            yield return resource;
            if (Type(resource) == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
                foreach (var inner in AllResources(nested)) yield return inner;
        }
    }

    // languageVersion 2.0 templates (Bicep emits them for typed parameters) key resources by symbolic name.
    private static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };
}
