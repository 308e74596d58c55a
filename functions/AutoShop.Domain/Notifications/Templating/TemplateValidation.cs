namespace AutoShop.Domain.Notifications;

/// <summary>One problem in a template. <see cref="Line"/> is 1-based; null for a remark about the whole template.</summary>
public sealed record TemplateIssue(int? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"line {line}: {Message}" : Message;
}

/// <summary>
/// What is wrong with a template (errors: it cannot be saved or sent) and what is worth a
/// second look (warnings: it works, but e.g. the SMS costs more than two parts).
/// </summary>
public sealed record TemplateValidation(IReadOnlyList<TemplateIssue> Errors, IReadOnlyList<TemplateIssue> Warnings)
{
    public bool IsValid => Errors.Count == 0;

    internal static TemplateValidation Failed(IReadOnlyList<TemplateIssue> errors) => new(errors, []);
}
