using System.Globalization;
using System.Text.RegularExpressions;
using Fluid;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// Checks a template text before a shop saves it: Liquid syntax, and that every name it uses is
/// in the documented model for its kind. SMS texts are also rendered with sample data to warn
/// when they would cost more than two parts.
/// </summary>
public sealed partial class TemplateValidator
{
    private const int SmsSegmentsBeforeWarning = 2;

    private readonly TemplateEngine engine;

    /// <summary>Sample renders use the sample data's own clock, so a validation never depends on when it ran.</summary>
    public TemplateValidator()
        : this(new TemplateEngine(SampleData.Clock))
    {
    }

    internal TemplateValidator(TemplateEngine engine) => this.engine = engine;

    public TemplateValidation Validate(string text, MessageKind kind, TemplatePart part, Language language)
    {
        var checkedTemplate = Check(text, kind);
        if (!checkedTemplate.Validation.IsValid || part != TemplatePart.Sms)
            return checkedTemplate.Validation;

        var model = TemplateModel.From(SampleData.Context(kind, language));
        var sms = engine.Render(checkedTemplate.Template!, model, kind, language, TemplateEngine.None).Trim();
        var count = SmsSegments.Count(sms);
        if (count.Segments <= SmsSegmentsBeforeWarning)
            return checkedTemplate.Validation;

        var why = count.Encoding == SmsEncoding.Ucs2
            ? $" It is sent as UCS-2 (67 characters per part) because of: {string.Join(" ", Gsm7.CharactersOutside(sms))}."
            : "";
        var warning = new TemplateIssue(null,
            $"With sample data this SMS is {count.Units} characters, {count.Segments} parts; keep it to {SmsSegmentsBeforeWarning}.{why}");
        return checkedTemplate.Validation with { Warnings = [warning] };
    }

    /// <summary>Syntax and names only; the parsed template comes back when there are no errors.</summary>
    internal (TemplateValidation Validation, IFluidTemplate? Template) Check(string text, MessageKind kind)
    {
        if (string.IsNullOrWhiteSpace(text))
            return (TemplateValidation.Failed([new TemplateIssue(1, "The template is empty.")]), null);
        if (!TemplateEngine.TryParse(text, out var template, out var error))
            return (TemplateValidation.Failed([ParseIssue(error)]), null);

        var errors = TemplateVariableWalker.Check(template, text, kind, engine.HasFilter);
        return errors.Count > 0 ? (TemplateValidation.Failed(errors), null) : (new TemplateValidation([], []), template);
    }

    /// <summary>Fluid reports "message at (line:column)" followed by a source excerpt.</summary>
    private static TemplateIssue ParseIssue(string error)
    {
        var match = FluidPosition().Match(error);
        if (!match.Success)
            return new TemplateIssue(1, error.Trim());
        var message = error[..match.Index].Trim().TrimEnd(',', '.');
        return new TemplateIssue(int.Parse(match.Groups["line"].ValueSpan, CultureInfo.InvariantCulture), $"{message} (column {match.Groups["column"].Value}).");
    }

    [GeneratedRegex(@"\s*at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex FluidPosition();
}
