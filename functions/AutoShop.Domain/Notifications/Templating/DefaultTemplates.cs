using System.Collections.Concurrent;
using Fluid;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// The templates we ship, embedded in this assembly from
/// <c>Notifications/Templates/{language}/{kind}.{part}.liquid</c>. Shops may override any part;
/// these are what they start from and what is sent when they have not.
/// </summary>
public static class DefaultTemplates
{
    private static readonly ConcurrentDictionary<string, string> Texts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Parsed = new(StringComparer.Ordinal);

    /// <summary>The default template text for one part of one kind in one language.</summary>
    public static string Text(MessageKind kind, TemplatePart part, Language language) =>
        Read(ResourceName(kind, part, language));

    internal static string ResourceName(MessageKind kind, TemplatePart part, Language language) =>
        $"Notifications/Templates/{language.Code}/{kind.Code()}.{part.Code()}.liquid";

    internal const string EmailLayoutName = "Notifications/Templates/layout.html.liquid";

    /// <summary>
    /// Shipped templates are parsed once. A failure here is a bug in what we shipped (tests
    /// parse every one), so it throws instead of returning a result.
    /// </summary>
    internal static IFluidTemplate Template(string resourceName) => Parsed.GetOrAdd(resourceName, name =>
        TemplateEngine.TryParse(Read(name), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Shipped template {name} does not parse: {error}"));

    private static string Read(string resourceName) => Texts.GetOrAdd(resourceName, name =>
    {
        using var stream = typeof(DefaultTemplates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Shipped template {name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
