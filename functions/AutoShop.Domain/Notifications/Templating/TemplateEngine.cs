using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace AutoShop.Domain.Notifications;

/// <summary>Fluid, configured so templates can reach the documented model and nothing else.</summary>
internal sealed class TemplateEngine
{
    // The liquid tag is enabled because with it disabled Fluid 2.41 parses "{% liquid ... %}"
    // as an empty template without an error, silently dropping everything after it.
    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowLiquidTag = true });

    /// <summary>Encodes &lt; &gt; &amp; and quotes but leaves accented letters readable in the HTML source.</summary>
    public static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static readonly TextEncoder None = NullEncoder.Default;

    // Loops over a huge range would otherwise pin a core; no real template comes near this.
    private const int MaxSteps = 20_000;

    private readonly TemplateOptions options;
    private readonly TimeProvider time;

    public TemplateEngine(TimeProvider time)
    {
        this.time = time;
        options = new TemplateOptions
        {
            MemberAccessStrategy = new DefaultMemberAccessStrategy(),
            MaxSteps = MaxSteps,
            TimeZone = TimeZoneInfo.Utc,
            Now = time.GetUtcNow,
        };
        TemplateSchema.Register(options.MemberAccessStrategy);

        // json would serialize whole objects, walking around the member allow-list; raw would
        // let an override print a customer-typed value unencoded into HTML.
        options.Filters.Remove("json");
        options.Filters.Remove("raw");
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out IFluidTemplate? template, out string error)
    {
        var parsed = Parser.TryParse(text, out template, out var message);
        error = message ?? "";
        return parsed && template is not null;
    }

    public bool HasFilter(string name) => options.Filters.TryGetValue(name, out _);

    public string Render(IFluidTemplate template, TemplateModel model, MessageKind kind, Language language, TextEncoder encoder,
        IReadOnlyDictionary<string, FluidValue>? extra = null)
    {
        var context = new TemplateContext(options)
        {
            CultureInfo = language.Culture,
            TimeZone = TimeZoneInfo.Utc,
            Now = time.GetUtcNow,
        };
        foreach (var root in TemplateSchema.RootsFor(kind))
            context.SetValue(root.Name, root.Read!(model));
        foreach (var (name, value) in extra ?? new Dictionary<string, FluidValue>())
            context.SetValue(name, value);
        return template.Render(context, encoder);
    }
}
